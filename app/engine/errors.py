"""What the engine refuses to compute, as exceptions whose message says what to change.

The API turns each into a 4xx answer in one place (app/errors.py). They are not ValueErrors on
purpose: pydantic wraps a ValueError raised while it validates, and these must reach the API as is.
"""


class EngineError(Exception):
    """A computation the engine cannot carry out as asked."""


class NetworkSpecError(EngineError):
    """A network that cannot be built as asked, or does not fit the data set it is built for."""


class IndexOutOfRange(EngineError):
    """A layer, neuron or weight index that names nothing in the network."""


class ExampleError(EngineError):
    """An example (x and y, or a data set row) that does not fit the network or its data set."""
