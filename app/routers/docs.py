"""The OpenAPI docs page at /docs: Swagger UI 5 from the files fastapi-offline installs, not a CDN.

FastAPI's own /docs loads Swagger UI from jsdelivr and starts it with an inline script, which
needs the network and a looser Content-Security-Policy; this page needs neither.
"""
from importlib.resources import files

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..paths import TEMPLATES_DIR

ASSETS_URL = "/docs-assets"
# Only its files are used: its FastAPIOffline class starts Swagger UI with an inline script.
ASSETS_DIR = str(files("fastapi_offline") / "static")

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES_DIR)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "docs.html", {"assets": ASSETS_URL,
                                                             "openapi_url": request.app.openapi_url})
