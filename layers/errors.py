"""Errors raised for bad data: every message names the file, layer, row or column at fault."""


class DataError(ValueError):
    """Data that cannot be used as it is. The message is meant for the user, not a developer."""


class LayerValidationError(DataError):
    """A layer does not follow the data contract (missing column, wrong geometry, bad value)."""
