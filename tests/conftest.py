import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A fresh data directory for the app's SQLite database."""
    monkeypatch.setenv("BACKPROP_LAB_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def client(data_dir):
    """The app behind a TestClient, on its own empty database."""
    from app.main import app

    with TestClient(app) as c:
        yield c
