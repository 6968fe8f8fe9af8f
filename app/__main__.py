"""`python -m app`: serve Backprop Lab with uvicorn, configured from the environment.

The container image runs this, so a teacher changes the port with `-e PORT=...` alone.
BACKPROP_LAB_HOST (default 127.0.0.1: only this machine; the image sets 0.0.0.0),
PORT (default 8000), BACKPROP_LAB_WORKERS (default 1). The timeouts and the connection budget are in
app/limits.py and app/serving.py.
"""
import os
import resource

import uvicorn

# The limits are read as this is imported: a bad one stops the start with a line naming it.
from app import limits


def main() -> None:
    host = os.environ.get("BACKPROP_LAB_HOST", "").strip() or "127.0.0.1"
    port = limits.env_count("PORT", 8000, 1, 65535)
    workers = limits.env_count("BACKPROP_LAB_WORKERS", 1, 1, 64)
    # One BLAS thread per process (set before any worker imports NumPy): the server's parallelism is
    # its processes, and OpenBLAS threads spin while they wait: on a busy machine a 25 ms forward
    # pass over the digits took 150-250 ms with them.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    # Every connection is a file descriptor: take all the system allows this process (the workers
    # inherit it); app/serving.py refuses connections beyond it with 503s, not tracebacks.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard and hard != resource.RLIM_INFINITY:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    # Every setting is read as the app is imported: here first, so that a bad one stops the start with
    # its line. Each of several workers reads them again, and uvicorn restarts a worker that exits.
    import app.main  # noqa: F401

    # An import string, not the app object: uvicorn needs it to start more than one worker.
    uvicorn.run("app.main:app", host=host, port=port, workers=workers,
                http="app.serving:NoDelayH11Protocol", timeout_keep_alive=limits.KEEP_ALIVE_SECONDS)


if __name__ == "__main__":
    main()
