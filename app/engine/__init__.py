"""The engine: a fully connected network in NumPy float64, written to read like docs/NOTATION.md.

No web imports here: the API is a thin layer over these functions.
"""
from .activations import ACTIVATIONS, Activation
from .costs import COSTS, Cost
from .datasets import NAMES as DATASET_NAMES, Dataset, load_dataset
from .errors import EngineError, ExampleError, IndexOutOfRange, NetworkSpecError
from .evaluation import Evaluation, Grid, Scores, evaluate, grid
from .network import Backprop, Breakdown, Forward, Network, Path, parameter_count
from .training import TrainResult, train

__all__ = [
    "ACTIVATIONS", "Activation", "COSTS", "Cost", "DATASET_NAMES", "Dataset", "load_dataset",
    "EngineError", "ExampleError", "IndexOutOfRange", "NetworkSpecError",
    "Evaluation", "Grid", "Scores", "evaluate", "grid",
    "Backprop", "Breakdown", "Forward", "Network", "Path", "parameter_count", "TrainResult", "train",
]
