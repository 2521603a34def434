"""The sitroom event gold set: conflict articles annotated for events (see README.md)."""
