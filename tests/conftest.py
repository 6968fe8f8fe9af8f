import os

import pytest
from fastapi.testclient import TestClient

ON_POSTGRES = os.environ.get("BACKPROP_LAB_TEST_DATABASE") == "postgres"
"""make test runs the store's tests a second time on PostgreSQL (see tests/postgres_server.py)."""


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the session (tests/postgres_server.py)."""
    from postgres_server import PostgresServer, binaries

    if binaries() is None and not os.environ.get("CI"):
        pytest.skip("PostgreSQL is not installed here (apt-get install -y postgresql; make test does)")
    server = PostgresServer().initdb().start()
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="session", autouse=ON_POSTGRES)
def _postgres_for_servers(request):
    """On PostgreSQL, before any module's server starts: each LiveServer gets a schema (url_for)."""
    import postgres_server

    postgres_server.use(request.getfixturevalue("postgres"))
    yield
    postgres_server.use(None)


@pytest.fixture(autouse=True)
def _database(request, monkeypatch):
    """On PostgreSQL, every test's stores and servers share an empty schema of the test's own."""
    if not ON_POSTGRES:
        yield None
        return
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("about the SQLite file itself")
    url = request.getfixturevalue("postgres").schema()
    monkeypatch.setenv("BACKPROP_LAB_DATABASE_URL", url)
    yield url


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
