"""Every limit the API enforces, in one place (the README lists them; GET /api/limits serves them)."""
import os

MAX_LAYERS = 10
"""Sizes in `layers` (n_0..n_L), so at most 9 weight layers."""
MAX_NEURONS = 256
"""Neurons in any one layer."""
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
MAX_ABS_VALUE = 1e6
"""Largest |x|, |y| or hand-edited weight or bias."""
MAX_SEED = 2**32 - 1
MAX_BODY_BYTES = 4 * 1024 * 1024
"""Request bodies; a network at MAX_PARAMETERS is about 2.5 MB of JSON."""
MAX_NETWORKS = int(os.environ.get("BACKPROP_LAB_MAX_NETWORKS", "10000"))
"""Networks one server holds (env BACKPROP_LAB_MAX_NETWORKS)."""
TTL_HOURS = float(os.environ.get("BACKPROP_LAB_TTL_HOURS", "168"))
"""Networks untouched (not read, not changed) for this long are deleted (env BACKPROP_LAB_TTL_HOURS)."""


def as_dict() -> dict:
    return {
        "max_layers": MAX_LAYERS, "max_neurons": MAX_NEURONS, "max_parameters": MAX_PARAMETERS,
        "max_steps": MAX_STEPS, "max_batch_size": MAX_BATCH_SIZE,
        "min_learning_rate": MIN_LEARNING_RATE, "max_learning_rate": MAX_LEARNING_RATE,
        "max_train_work": MAX_TRAIN_WORK, "max_abs_value": MAX_ABS_VALUE, "max_seed": MAX_SEED,
        "max_body_bytes": MAX_BODY_BYTES, "max_networks": MAX_NETWORKS, "ttl_hours": TTL_HOURS,
        **live_and_pictures(),
    }


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
