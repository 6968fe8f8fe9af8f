"""Request and response bodies, one module per resource. Bounds live here so /docs shows them and
bad input gets a 422; answers are built from the engine's dataclasses by ``Answer.of``."""
