"""reader: a terminal reader for long-form articles, with highlights, notes and tags."""

__version__ = "0.1.0"
