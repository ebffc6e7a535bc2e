"""Errors of reading and writing files; messages name the file and what is wrong."""
from layers.errors import DataError


class ReadError(DataError):
    """A file could not be read (missing, not the expected format, broken)."""


class WriteError(DataError):
    """A file could not be written; the previous file, if any, is left untouched."""
