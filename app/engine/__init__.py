"""The engine: a fully connected network in NumPy float64, written to read like NOTATION.md.

No web imports here: the API is a thin layer over these functions.
"""
from .activations import ACTIVATIONS, Activation
from .costs import COSTS, Cost
from .datasets import NAMES as DATASET_NAMES, Dataset, load_dataset
from .network import Backprop, Breakdown, Forward, Network, NetworkSpecError, Path
from .training import TrainResult, train

__all__ = [
    "ACTIVATIONS", "Activation", "COSTS", "Cost", "DATASET_NAMES", "Dataset", "load_dataset",
    "Backprop", "Breakdown", "Forward", "Network", "NetworkSpecError", "Path", "TrainResult", "train",
]
