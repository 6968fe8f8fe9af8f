"""The learner's own data: POST /api/datasets, networks on an upload, broken CSVs, privacy,
export/import/share and expiry."""
import os
import re
import time

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app import limits
from app.engine.csv_data import CsvLimits, read_upload

HANDLE = re.compile(r"^data-[A-Za-z0-9_-]{22}$")
"""data- and secrets.token_urlsafe(16): 128 random bits, like a network's id."""


def moons(n: int = 300, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles with noise, n/2 points each: label 0 and label 1."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    half = n // 2
    upper = np.column_stack([np.cos(t[:half]), np.sin(t[:half])])
    lower = np.column_stack([1 - np.cos(t[half:]), 0.5 - np.sin(t[half:])])
    x = np.vstack([upper, lower]) + rng.normal(0, 0.1, (n, 2))
    return x, np.r_[np.zeros(half), np.ones(n - half)]


def moons_csv(n: int = 300) -> str:
    x, y = moons(n)
    return "x1,x2,label\n" + "\n".join(f"{a:.5f},{b:.5f},{int(c)}" for (a, b), c in zip(x, y)) + "\n"


def upload(client, csv: str, **body) -> dict:
    r = client.post("/api/datasets", json={"name": "moons", "csv": csv, **body})
    assert r.status_code == 201, r.text
    return r.json()


def ok(r) -> dict:
    assert r.is_success, r.text
    return r.json()


def stored_uploads(client) -> int:
    return client.app.state.store._db().execute("SELECT COUNT(*) FROM datasets").fetchone()[0]


def test_two_moons_upload_trains_through_the_api_with_every_picture(client):
    info = upload(client, moons_csv(), test_fraction=0.2)
    handle = info["name"]
    assert HANDLE.match(handle)
    assert (info["task"], info["inputs"], info["outputs"]) == ("classification", 2, 1)
    assert "0 or 1" in info["task_reason"]
    assert (info["rows"], info["size"], info["test_size"]) == (300, 240, 60)
    assert info["columns"] == ["x1", "x2", "label"] and info["header"] is True
    x, y = moons()
    assert np.allclose(info["preview"], np.column_stack([x, y])[:5], atol=1e-5)

    net = ok(client.post("/api/networks", json={"layers": [2, 8, 8, 1], "dataset": handle, "seed": 1,
                                                "hidden_activation": "tanh", "loss": "cross_entropy"}))
    assert net["dataset"] == handle
    before = ok(client.get(f"/api/networks/{net['id']}/evaluate"))
    trained = ok(client.post(f"/api/networks/{net['id']}/train",
                             json={"steps": 3000, "learning_rate": 0.3, "batch_size": 16}))
    assert trained["network"]["step"] == 3000 and trained["diverged"] is None
    scores = ok(client.get(f"/api/networks/{net['id']}/evaluate"))
    assert scores["dataset"] == handle and (scores["size"], scores["test_size"]) == (240, 60)
    assert scores["accuracy"] >= 0.95 and scores["test_accuracy"] >= 0.9
    assert scores["cost"] < before["cost"] / 5

    # The decision boundary's default ranges cover the data (ranges from the data, padded by 5%).
    grid = ok(client.post(f"/api/networks/{net['id']}/grid", json={"resolution": 12}))
    for axis, r in enumerate(grid["ranges"]):
        low, high = x[:, axis].min(), x[:, axis].max()
        assert r["low"] < min(low, -1) and r["high"] > max(high, 1)
    assert len(grid["outputs"][0]) == 144 and [len(h) for h in grid["hidden"]] == [8, 8]
    # Every example of the upload is reachable by row, like a built-in data set's.
    rows = ok(client.get(f"/api/datasets/{handle}"))
    bp = ok(client.post(f"/api/networks/{net['id']}/backprop", json={"example": 7}))
    assert bp["a"][0] == pytest.approx(rows["x"][7])
    bd = ok(client.post(f"/api/networks/{net['id']}/breakdown", json={"layer": 1, "j": 0, "k": 1, "example": 239}))
    assert bd["input"] == pytest.approx(rows["x"][239][1])
    r = client.post(f"/api/networks/{net['id']}/breakdown", json={"layer": 1, "j": 0, "k": 1, "example": 240})
    assert r.status_code == 422 and "0..239" in r.json()["detail"]


def test_a_live_stream_trains_on_an_upload(client):
    handle = upload(client, moons_csv(60))["name"]
    net = ok(client.post("/api/networks", json={"layers": [2, 4, 1], "dataset": handle, "seed": 2}))
    r = client.get(f"/api/networks/{net['id']}/train/stream",
                   params={"steps": 30, "steps_per_frame": 10, "learning_rate": 1, "grid": 4})
    assert r.status_code == 200
    frames = [block for block in r.text.split("\n\n") if block.startswith("event: frame")]
    assert len(frames) == 3 and handle in frames[-1]
    assert ok(client.get(f"/api/networks/{net['id']}"))["step"] == 30


def test_the_task_is_inferred_and_the_answer_says_how(client):
    three = "a,b,kind\n" + "\n".join(f"{i},{i % 7},{i % 3}" for i in range(60))
    info = upload(client, three, test_fraction=0.25)
    assert (info["task"], info["outputs"], info["classes"]) == ("classification", 3, [0.0, 1.0, 2.0])
    assert "3 whole-number classes" in info["task_reason"] and "one-hot" in info["task_reason"]
    # Stratified: a quarter of each class (20 rows each) is held out.
    assert (info["size"], info["test_size"]) == (45, 15)
    rows = ok(client.get(f"/api/datasets/{info['name']}"))
    assert np.bincount(np.argmax(rows["y"], axis=1)).tolist() == [15, 15, 15]
    for x, y in zip(rows["x"], rows["y"]):
        assert y == [1.0 if int(x[0]) % 3 == c else 0.0 for c in range(3)]

    sine = "\n".join(f"{t:.4f},{np.sin(np.pi * t):.4f}" for t in np.linspace(-1, 1, 41))
    info = upload(client, sine)
    assert (info["task"], info["header"], info["columns"]) == ("regression", False, ["x1", "y"])
    assert "not all 0 or 1" in info["task_reason"]
    net = ok(client.post("/api/networks", json={"layers": [1, 8, 1], "dataset": info["name"], "seed": 1,
                                                "hidden_activation": "tanh", "output_activation": "linear"}))
    curve = ok(client.post(f"/api/networks/{net['id']}/grid", json={"resolution": 30, "hidden": False}))
    assert curve["inputs"] == 1 and len(curve["outputs"][0]) == 30
    assert ok(client.get(f"/api/networks/{net['id']}/evaluate"))["accuracy"] is None

    many = "\n".join(f"{i},{i}" for i in range(20))  # 20 whole-number classes: more than 10
    info = upload(client, many)
    assert info["task"] == "regression" and "more than the 10 classes" in info["task_reason"]


def test_square_inputs_in_0_1_are_images(client):
    rng = np.random.default_rng(3)
    pixels = rng.uniform(0, 1, (30, 16))
    labels = np.arange(30) % 2
    csv = "\n".join(",".join(f"{v:.3f}" for v in row) + f",{c}" for row, c in zip(pixels, labels))
    info = upload(client, csv)
    assert info["image_side"] == 4 and info["inputs"] == 16
    assert ok(client.get(f"/api/datasets/{info['name']}"))["image_side"] == 4
    bright = "\n".join(",".join(f"{2 * v:.3f}" for v in row) + f",{c}" for row, c in zip(pixels, labels))
    assert upload(client, bright)["image_side"] is None


def test_spreadsheet_exports_read_as_written(client):
    """Windows line ends, a byte-order mark, quoted cells and blank lines are what spreadsheets write."""
    info = upload(client, '\ufeffwidth,"height",label\r\n"1.5",2,1\r\n\r\n-3,4e-1,0\r\n')
    assert info["columns"] == ["width", "height", "label"] and info["rows"] == 2
    assert info["preview"] == [[1.5, 2.0, 1.0], [-3.0, 0.4, 0.0]]
    info = upload(client, "\ufeff1,2,0\r\n3,4,1\r\n")
    assert info["header"] is False and info["preview"][0] == [1.0, 2.0, 0.0]


def test_a_preview_reads_the_csv_and_stores_nothing(client):
    r = client.post("/api/datasets", params={"preview": 1}, json={"name": "moons", "csv": moons_csv()})
    assert r.status_code == 200, r.text
    assert r.json()["name"] is None and r.json()["task"] == "classification"
    assert stored_uploads(client) == 0


WIDE = limits.MAX_UPLOAD_COLUMNS + 1
BROKEN = {
    "non-number": ("x1,x2,y\n0.1,0.2,1\n0.3,abc,0\n", 422, "line 3, column x2: 'abc' is not a number"),
    "non-number, no header": ("0.1,0.2,1\n0.3,0.4,1\n0.5,0.6,zero\n", 422, "line 3, column y: 'zero' is not a number"),
    "ragged row": ("1,2,0\n3,4,1\n5,6\n", 422, "line 3 has 2 column(s) and line 1 has 3"),
    "inf": ("1,2,0\n3,inf,1\n", 422, "line 2, column x2: 'inf' is not a finite number"),
    "nan": ("1,2,0\nNaN,4,1\n", 422, "line 2, column x1: 'NaN' is not a finite number"),
    "overflow": ("1,2,0\n1e999,4,1\n", 422, "line 2, column x1: 1e999 is beyond float64"),
    "too large a value": ("1,2,0\n3,4e9,1\n", 422, "line 2, column x2"),
    "empty": ("", 422, "the CSV is empty"),
    "blank lines only": ("\n  \n\n", 422, "the CSV is empty"),
    "header only": ("x1,x2,y\n", 422, "line 1 is a header and no row of numbers follows"),
    "empty cell": ("1,2,0\n3,,1\n", 422, "line 2, column x2: the cell is empty"),
    "semicolons": ("1;2;0\n3;4;1\n", 422, "separate them with commas"),
    "too many columns": (",".join(["1"] * WIDE) + "\n", 422, f"line 1 has {WIDE} columns; the limit is"),
    "too many rows": ("1,0\n" * (limits.MAX_UPLOAD_ROWS + 1), 422, f"more than {limits.MAX_UPLOAD_ROWS:,} rows"),
    "no input column": ("1\n0\n", 422, "line 1 has 1 column(s) and the last is the target"),
    "too big for an upload": ("0.123456789,1\n" * 90_000, 413, f"the limit is {limits.MAX_UPLOAD_BYTES:,} bytes"),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_csv_is_refused_with_its_line_and_column_and_nothing_is_stored(client, kind):
    csv, status, detail = BROKEN[kind]
    r = client.post("/api/datasets", json={"name": kind, "csv": csv})
    assert r.status_code == status, r.text
    assert detail in r.json()["detail"]
    assert stored_uploads(client) == 0
    # The preview says the same.
    r = client.post("/api/datasets", params={"preview": "true"}, json={"name": kind, "csv": csv})
    assert r.status_code == status and detail in r.json()["detail"]


def test_a_20_mb_csv_is_refused_before_it_is_read(client):
    csv = "0.5,0.25,1\n" * (20 * 1024 * 1024 // 11)
    r = client.post("/api/datasets", json={"name": "huge", "csv": csv})
    assert r.status_code == 413 and "larger than" in r.json()["detail"]
    assert stored_uploads(client) == 0


def test_bad_bodies_are_422s_with_a_detail(client):
    for body, field in (({"name": "x", "csv": "1,0\n", "targets": 0}, "targets"),
                        ({"name": "x", "csv": "1,0\n", "test_fraction": 0.9}, "test_fraction"),
                        ({"name": "", "csv": "1,0\n"}, "name"),
                        ({"name": "x"}, "csv")):
        r = client.post("/api/datasets", json=body)
        assert r.status_code == 422 and field in r.text, r.text
    r = client.post("/api/datasets", json={"name": "x", "csv": "1,0\n2,1\n3,0\n4,1\n", "test_fraction": 0.5})
    assert r.status_code == 201 and r.json()["test_size"] == 2  # one row of each class held out
    r = client.post("/api/datasets", json={"name": "x", "csv": "1,0\n", "test_fraction": 0.5})
    assert r.status_code == 422 and "no rows to train on" in r.json()["detail"]
    r = client.post("/api/networks", json={"layers": [3, 2, 1], "dataset": upload(client, "1,2,0\n")["name"]})
    assert r.status_code == 422 and "2 input(s) and 1 output(s)" in r.json()["detail"]
    assert stored_uploads(client) == 2


def test_uploads_are_private(client):
    handle = upload(client, moons_csv(40))["name"]
    assert handle not in client.get("/api/datasets").text
    other = "data-" + "A" * 22
    r = client.get(f"/api/datasets/{other}")
    assert r.status_code == 404 and other in r.json()["detail"]
    r = client.post("/api/networks", json={"layers": [2, 2, 1], "dataset": other})
    assert r.status_code == 422 and "unknown data set" in r.json()["detail"]
    assert ok(client.get(f"/api/datasets/{handle}"))["label"] == "moons"
    # Two uploads of the same text are two handles: knowing one says nothing of the other.
    assert upload(client, moons_csv(40))["name"] != handle


def test_one_client_keeps_a_bounded_number_of_uploads(client, monkeypatch):
    monkeypatch.setattr(limits, "DATASETS_PER_CLIENT", 2)
    upload(client, "1,0\n")
    upload(client, "1,0\n")
    r = client.post("/api/datasets", json={"name": "third", "csv": "1,0\n"})
    assert r.status_code == 429 and "BACKPROP_LAB_DATASETS_PER_CLIENT" in r.json()["detail"]
    assert int(r.headers["retry-after"]) > 0
    assert stored_uploads(client) == 2
    # The uploads record who made them.
    owners = client.app.state.store._db().execute("SELECT DISTINCT client FROM datasets").fetchall()
    assert owners == [("testclient",)]


def train(client, network_id: str) -> dict:
    return ok(client.post(f"/api/networks/{network_id}/train",
                          json={"steps": 40, "learning_rate": 0.5, "batch_size": 8}))["network"]


def test_export_import_and_share_keep_the_data(client):
    info = upload(client, moons_csv(80), test_fraction=0.25, seed=5)
    net = ok(client.post("/api/networks", json={"layers": [2, 3, 1], "dataset": info["name"], "seed": 4}))
    train(client, net["id"])
    doc = ok(client.get(f"/api/networks/{net['id']}/export"))
    assert doc["dataset"] == info["name"] and net["id"] not in str(doc)
    assert doc["upload"] == {"name": "moons", "csv": moons_csv(80), "targets": 1, "test_fraction": 0.25, "seed": 5}
    # On the same server, the same upload.
    same = ok(client.post("/api/networks/import", json=doc))
    assert same["dataset"] == info["name"] and stored_uploads(client) == 1
    # A share copy names the same upload, and trains on it exactly as the original.
    token = ok(client.post(f"/api/networks/{net['id']}/share"))["token"]
    copy = ok(client.post(f"/api/shares/{token}/copy"))
    assert copy["dataset"] == info["name"]
    assert train(client, copy["id"])["weights"] == train(client, net["id"])["weights"]
    # A file whose data was changed brings its own data, under a new name.
    changed = {**doc, "upload": {**doc["upload"], "csv": moons_csv(80).replace("x1,x2,label", "p,q,r")}}
    other = ok(client.post("/api/networks/import", json=changed))
    assert other["dataset"] != info["name"] and HANDLE.match(other["dataset"])
    assert ok(client.get(f"/api/datasets/{other['dataset']}"))["columns"] == ["p", "q", "r"]
    # A refused import leaves no upload behind.
    refused = {**changed, "layers": [3, 3, 1], "weights": [[[0.0] * 3] * 3, [[0.0] * 3]]}
    assert client.post("/api/networks/import", json=refused).status_code == 422
    assert stored_uploads(client) == 2
    broken = {**doc, "upload": {**doc["upload"], "csv": "1,2,x\n"}}
    r = client.post("/api/networks/import", json=broken)
    assert r.status_code == 422 and "line 1, column y" in r.json()["detail"]


def test_an_export_imports_on_another_server_with_its_data(data_dir, tmp_path, monkeypatch):
    from app.main import app

    with TestClient(app) as first:
        info = upload(first, moons_csv(80), test_fraction=0.25)
        net = ok(first.post("/api/networks", json={"layers": [2, 3, 1], "dataset": info["name"], "seed": 4}))
        doc = ok(first.get(f"/api/networks/{net['id']}/export"))
        trained = train(first, net["id"])
    monkeypatch.setenv("BACKPROP_LAB_DATA_DIR", str(tmp_path / "elsewhere"))
    if os.environ.get("BACKPROP_LAB_DATABASE_URL"):  # the suite on PostgreSQL: another database too
        from postgres_server import url_for

        monkeypatch.setenv("BACKPROP_LAB_DATABASE_URL", url_for(tmp_path / "elsewhere"))
    with TestClient(app) as second:
        assert second.get(f"/api/datasets/{info['name']}").status_code == 404
        copy = ok(second.post("/api/networks/import", json=doc))
        assert copy["dataset"] != info["name"] and HANDLE.match(copy["dataset"])
        there = ok(second.get(f"/api/datasets/{copy['dataset']}"))
        assert (there["size"], there["test_size"], there["label"]) == (60, 20, "moons")
        # The same rows in the same split: training the copy gives the original's numbers.
        assert train(second, copy["id"])["weights"] == trained["weights"]


def age(client, table: str, key: str, value: str | None, hours: float) -> None:
    """Make rows of ``table`` look idle for ``hours`` (all rows when value is None)."""
    where = "" if value is None else f" WHERE {key} = ?"
    client.app.state.store._db().execute(f"UPDATE {table} SET touched = ?{where}",
                                         (time.time() - hours * 3600, *(() if value is None else (value,))))


def test_uploads_expire_like_networks_but_never_under_a_network(client):
    unused = upload(client, "1,0\n2,1\n")["name"]
    used = upload(client, "3,0\n4,1\n")["name"]
    net = ok(client.post("/api/networks", json={"layers": [1, 1], "dataset": used}))
    ttl = limits.TTL_HOURS
    age(client, "datasets", "handle", None, ttl + 1)
    upload(client, "5,0\n")  # expired uploads go when one is made
    assert client.get(f"/api/datasets/{unused}").status_code == 404
    assert ok(client.get(f"/api/datasets/{used}"))["size"] == 2  # its network still names it
    assert ok(client.get(f"/api/networks/{net['id']}/evaluate"))["dataset"] == used
    # Once the network itself expires, its data set goes too.
    age(client, "datasets", "handle", None, ttl + 1)
    age(client, "networks", "id", net["id"], ttl + 1)
    upload(client, "6,0\n")
    assert client.get(f"/api/networks/{net['id']}").status_code == 404
    assert client.get(f"/api/datasets/{used}").status_code == 404


def test_a_share_link_keeps_its_upload_alive(client):
    handle = upload(client, "1,0\n2,1\n")["name"]
    net = ok(client.post("/api/networks", json={"layers": [1, 1], "dataset": handle}))
    token = ok(client.post(f"/api/networks/{net['id']}/share"))["token"]
    assert client.delete(f"/api/networks/{net['id']}").status_code == 204
    age(client, "datasets", "handle", None, limits.TTL_HOURS + 1)
    upload(client, "7,0\n")
    assert ok(client.post(f"/api/shares/{token}/copy"))["dataset"] == handle
    assert ok(client.get(f"/api/datasets/{handle}"))["size"] == 2


def test_the_parser_is_deterministic_and_pure():
    lim = CsvLimits(max_rows=100, max_columns=10, max_inputs=8, max_abs=1e6, max_classes=10)
    text = "\n".join(f"{i},{i % 2}" for i in range(40))
    a, b = read_upload(text, 1, 0.25, 9, lim), read_upload(text, 1, 0.25, 9, lim)
    assert np.array_equal(a.x, b.x) and np.array_equal(a.test_x, b.test_x)
    assert not np.array_equal(a.test_x, read_upload(text, 1, 0.25, 10, lim).test_x)
    assert a.x.shape == (30, 1) and np.bincount(a.test_y[:, 0].astype(int)).tolist() == [5, 5]
    with pytest.raises(ValueError):
        a.x[0, 0] = 1.0  # read-only: shared by every request of the process
