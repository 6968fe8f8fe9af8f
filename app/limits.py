"""Every limit the API enforces, in one place (docs/CLASSROOM.md lists them; GET /api/limits serves them)."""
import math
import os


def _env(name: str, default: float, kind: type = int, low: float = 0, high: float = math.inf):
    """The variable's value, or ``default`` when it is unset or empty. A value that is not a finite
    number from ``low`` to ``high`` stops the server as it starts, with a line naming the variable,
    not a traceback."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return kind(default)
    try:
        value = kind(raw)
    except (ValueError, OverflowError):
        value = None
    if value is None or (kind is float and not math.isfinite(value)) or not low <= value <= high:
        number = "a whole number" if kind is int else "a number"
        bounds = f"of {low} or more" if high == math.inf else f"from {low} to {high}"
        raise SystemExit(f"backprop-lab: {name} must be {number} {bounds}, got {raw!r}.")
    return value


def env_count(name: str, default: int, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` (``default`` when unset or empty), as ``_env``."""
    return _env(name, default, int, low, high)


def training_processes(cores: int) -> int:
    """Training processes of each server process (app/background.py): BACKPROP_LAB_TRAINING_PROCESSES,
    by default one per core (at most 64)."""
    return env_count("BACKPROP_LAB_TRAINING_PROCESSES", min(cores, 64), 1, 64)


MAX_LAYERS = 10
"""Sizes in `layers` (n_0..n_L), so at most 9 weight layers."""
MAX_NEURONS = 256
"""Neurons in any layer after the inputs (hidden and output layers)."""
MAX_INPUTS = 1024
"""Neurons in the input layer n_0: a 28x28 image is 784 inputs, a 32x32 one 1,024."""
MAX_PARAMETERS = 100_000
"""Weights plus biases of one network."""
MAX_STEPS = 10_000
"""SGD steps in one /train request."""
MAX_BATCH_SIZE = 2_048
"""Mini-batch size; a batch larger than the data set uses the whole data set."""
MIN_LEARNING_RATE = 1e-9
MAX_LEARNING_RATE = 100.0
MAX_TRAIN_WORK = 2_000_000_000
"""steps x batch size x parameters of one /train request (about a few seconds of work)."""
MAX_REGULARIZATION_RATE = 10.0
"""Largest regularisation rate lambda (TensorFlow Playground's largest choice): beyond it the penalty
swamps any data term and a step of learning rate 1 flips every weight's sign."""
MAX_ABS_VALUE = 1e6
"""Largest |x|, |y| or hand-edited weight or bias."""
MAX_SEED = 2**32 - 1
MAX_NOISE = 0.5
"""Standard deviation of the noise a generated data set may get (its points lie in about [-1, 1]^2)."""
MAX_TEST_RATIO = 0.9
"""The largest share of a generated set's rows a network may hold out for testing (as TensorFlow
Playground's smallest training share, 10%)."""
MAX_BODY_BYTES = 4 * 1024 * 1024
"""Request bodies; a network at MAX_PARAMETERS is about 2.5 MB of JSON."""
MAX_NETWORKS = _env("BACKPROP_LAB_MAX_NETWORKS", 10_000)
"""Networks one server holds (env BACKPROP_LAB_MAX_NETWORKS)."""
TTL_HOURS = _env("BACKPROP_LAB_TTL_HOURS", 168, float)
"""Networks untouched (not read, not changed) for this long are deleted (env BACKPROP_LAB_TTL_HOURS)."""


def as_dict() -> dict:
    return {
        "max_layers": MAX_LAYERS, "max_neurons": MAX_NEURONS, "max_inputs": MAX_INPUTS, "max_parameters": MAX_PARAMETERS,
        "max_steps": MAX_STEPS, "max_batch_size": MAX_BATCH_SIZE,
        "min_learning_rate": MIN_LEARNING_RATE, "max_learning_rate": MAX_LEARNING_RATE,
        "max_train_work": MAX_TRAIN_WORK, "max_regularization_rate": MAX_REGULARIZATION_RATE,
        "max_abs_value": MAX_ABS_VALUE, "max_seed": MAX_SEED,
        "max_noise": MAX_NOISE, "max_test_ratio": MAX_TEST_RATIO,
        "max_body_bytes": MAX_BODY_BYTES, "max_networks": MAX_NETWORKS, "ttl_hours": TTL_HOURS,
        **live_and_pictures(), **per_client(), **uploads(), "max_lesson_chars": MAX_LESSON_CHARS,
    }


MAX_LESSON_CHARS = 8_000
"""Characters of a lesson link's `lesson` parameter (its setup as base64url JSON): the page builds
none longer and refuses to open one, well within what servers and browsers accept in an address."""


# -- Live training stream and pictures --------------------------------------------------------------
MAX_STREAM_FRAMES = 216_000
"""Events of one live training stream (two hours at 30 per second); open a new stream to go on."""
MAX_STREAM_STEPS = 100_000_000
"""SGD steps of one live training stream (its `steps` parameter)."""
MAX_FRAMES_PER_SECOND = 60
"""The event rate a stream may aim for (its `fps` parameter); each chunk stays within MAX_STEPS
steps and MAX_TRAIN_WORK."""
MIN_STEPS_PER_SECOND = 0.1
"""The slowest paced stream (its `steps_per_second` parameter): one step every ten seconds."""
MAX_STEPS_PER_SECOND = 60
"""The fastest paced stream: one step per frame of a 60 Hz screen; omit the parameter for full speed."""
MAX_GRID_RESOLUTION = 256
"""Grid points along each input axis of a picture."""
MAX_GRID_VALUES = 1_000_000
"""Grid points x neurons shown (outputs, plus hidden neurons when asked for) in one picture."""
MAX_GRID_WORK = 500_000_000
"""Grid points x parameters of one picture's forward pass (a few tenths of a second)."""


def live_and_pictures() -> dict:
    return {
        "max_stream_frames": MAX_STREAM_FRAMES, "max_stream_steps": MAX_STREAM_STEPS,
        "max_frames_per_second": MAX_FRAMES_PER_SECOND,
        "min_steps_per_second": MIN_STEPS_PER_SECOND, "max_steps_per_second": MAX_STEPS_PER_SECOND,
        "max_grid_resolution": MAX_GRID_RESOLUTION,
        "max_grid_values": MAX_GRID_VALUES, "max_grid_work": MAX_GRID_WORK,
    }


# -- Per client, and what keeps one client from slowing the rest ------------------------------------
# A client is one address (app/clients.py): a class behind one school NAT is ONE client, so each
# default fits 40 students sharing an address. Every one can be changed with its environment variable.
NETWORKS_PER_CLIENT = _env("BACKPROP_LAB_NETWORKS_PER_CLIENT", 1_000)
"""Networks one client holds at once: 25 per student of a class of 40, a tenth of MAX_NETWORKS."""
SHARES_PER_CLIENT = _env("BACKPROP_LAB_SHARES_PER_CLIENT", 1_000)
"""Share links one client holds at once."""
CREATIONS_PER_MINUTE = _env("BACKPROP_LAB_CREATIONS_PER_MINUTE", 120)
"""New networks (create, import, share copy) one client makes in any 60 seconds: 3 per student."""
STREAMS_PER_CLIENT = _env("BACKPROP_LAB_STREAMS_PER_CLIENT", 60)
"""Live-training streams one client has open at once: one per student, and a second tab for some."""
MAX_STREAM_SECONDS = _env("BACKPROP_LAB_MAX_STREAM_SECONDS", 7_200, float)
"""A live stream ends (reason "time") after this long: a double lesson. Train again to go on."""
QUEUE_PER_NETWORK = _env("BACKPROP_LAB_QUEUE_PER_NETWORK", 16)
"""Requests that change one network and wait for it, per server process; more are refused at once."""
QUEUE_WAIT_SECONDS = _env("BACKPROP_LAB_QUEUE_WAIT_SECONDS", 30, float)
"""How long such a request waits for its turn (a long /train holds it) before a 503."""
HEADER_TIMEOUT_SECONDS = _env("BACKPROP_LAB_HEADER_TIMEOUT", 20, float)
"""A connection that has not sent a whole request head this long after it opened (or after its last
answer) is closed: idle and byte-a-second sockets do not pile up."""
BODY_TIMEOUT_SECONDS = _env("BACKPROP_LAB_BODY_TIMEOUT", 30, float)
"""A request body must arrive whole within this time (4 MiB at about 1 Mbit/s), else a 408."""
KEEP_ALIVE_SECONDS = 5
"""An idle kept-alive connection is closed this long after its last answer (uvicorn's default)."""
MAX_CONNECTIONS = _env("BACKPROP_LAB_MAX_CONNECTIONS", 0)
"""Open connections per server process before new ones get a 503 at once; 0: the process's
file-descriptor limit (raised to its hard limit at start) minus a reserve for the database and files."""
MAX_DB_MB = _env("BACKPROP_LAB_MAX_DB_MB", 0, float)
"""Size the database may grow to, in MiB (0: as much as the disk holds); beyond it writes get 507."""


def per_client() -> dict:
    return {
        "networks_per_client": NETWORKS_PER_CLIENT, "shares_per_client": SHARES_PER_CLIENT,
        "creations_per_minute": CREATIONS_PER_MINUTE, "streams_per_client": STREAMS_PER_CLIENT,
        "max_stream_seconds": MAX_STREAM_SECONDS, "queue_per_network": QUEUE_PER_NETWORK,
        "queue_wait_seconds": QUEUE_WAIT_SECONDS, "header_timeout_seconds": HEADER_TIMEOUT_SECONDS,
        "body_timeout_seconds": BODY_TIMEOUT_SECONDS,
    }


# -- The learner's own data sets (POST /api/datasets) ------------------------------------------------
MAX_UPLOAD_BYTES = 1024 * 1024
"""CSV text of one upload (UTF-8): an export carries it beside the network and must still import."""
MAX_UPLOAD_ROWS = 10_000
"""Rows of one upload (the header not counted)."""
MAX_UPLOAD_COLUMNS = MAX_INPUTS + MAX_NEURONS
"""Columns of one upload: the most inputs a network takes, plus the most outputs."""
MAX_UPLOAD_CLASSES = 10
"""Classes a single target column may hold to be one-hot encoded (more is regression)."""
MAX_UPLOAD_TEST_FRACTION = 0.5
"""The largest share of rows an upload may hold out for testing."""
MAX_DATASETS = _env("BACKPROP_LAB_MAX_DATASETS", 2_000)
"""Uploaded data sets one server keeps (env BACKPROP_LAB_MAX_DATASETS)."""
DATASETS_PER_CLIENT = _env("BACKPROP_LAB_DATASETS_PER_CLIENT", 200)
"""Uploaded data sets one client keeps at once: 5 per student of a class of 40."""


def uploads() -> dict:
    return {
        "max_upload_bytes": MAX_UPLOAD_BYTES, "max_upload_rows": MAX_UPLOAD_ROWS,
        "max_upload_columns": MAX_UPLOAD_COLUMNS, "max_upload_classes": MAX_UPLOAD_CLASSES,
        "max_upload_test_fraction": MAX_UPLOAD_TEST_FRACTION, "max_datasets": MAX_DATASETS,
        "datasets_per_client": DATASETS_PER_CLIENT,
    }


# -- The database, when it is PostgreSQL (BACKPROP_LAB_DATABASE_URL; app/db/postgres.py) -------------
DB_CONNECT_TIMEOUT_SECONDS = _env("BACKPROP_LAB_DB_CONNECT_TIMEOUT", 5)
"""How long opening a database session may take before the request answers 503, instead of hanging."""
DB_START_WAIT_SECONDS = _env("BACKPROP_LAB_DB_START_WAIT", 60)
"""How long an instance that starts before its database (compose starts them together) waits for it."""
DB_SESSIONS_PER_PROCESS = _env("BACKPROP_LAB_DB_SESSIONS", 16)
"""Database sessions one server (or training) process keeps open at most; more wait for one."""
DB_SESSION_WAIT_SECONDS = _env("BACKPROP_LAB_DB_SESSION_WAIT", 10)
"""How long a request waits for a free session before a 503."""
