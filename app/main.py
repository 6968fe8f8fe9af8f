"""The ASGI app: `uvicorn app.main:app`."""
from fastapi import FastAPI

app = FastAPI(title="Backprop Lab")


@app.get("/api/health")
def health() -> dict:
    return {"status": "ok"}
