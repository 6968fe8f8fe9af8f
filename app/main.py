"""The ASGI app: `uvicorn app.main:app`. Thin: routers call the engine on networks from the store."""
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from . import errors, limits, logs, openapi
from .methods import Methods
from .middleware import LimitsAndHeaders
from .paths import STATIC_DIR, TEMPLATES_DIR, data_dir
from .routers import compute, datasets, docs, history, learn, live, meta, networks, pictures, training, transfer
from .store import Store


@asynccontextmanager
async def lifespan(app: FastAPI):
    logs.rate_limit()
    app.state.store = Store(data_dir(), limits.MAX_NETWORKS, limits.TTL_HOURS * 3600)
    app.state.store.expire()
    yield


app = FastAPI(
    title="Backprop Lab",
    summary="A NumPy neural network whose every gradient can be seen as error x slope x input.",
    description="Indices follow docs/NOTATION.md: weights[l-1][j][k] is w_jk^(l), the weight from neuron k "
                "of layer l-1 to neuron j of layer l. Errors are JSON {\"detail\": message}.",
    version="0.1.0",
    lifespan=lifespan,
    # /docs is served by routers/docs.py from local files, so it works offline under our CSP.
    docs_url=None,
    redoc_url=None,
)
errors.install(app)
openapi.install(app)
# Inside LimitsAndHeaders (added after it), so its 405s carry the security headers too.
app.add_middleware(Methods, routes=app.router.routes)
app.add_middleware(LimitsAndHeaders)
for module in (meta, datasets, networks, compute, training, learn, history, transfer, live, pictures, docs):
    app.include_router(module.router)
app.mount(docs.ASSETS_URL, StaticFiles(directory=docs.ASSETS_DIR), name="docs-assets")

STATIC_DIR.mkdir(exist_ok=True)
app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
templates = Jinja2Templates(directory=TEMPLATES_DIR)


@app.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "index.html")
