"""Aggregation SQL with named parameters, read once with importlib.resources."""

from functools import cache
from importlib import resources


@cache
def load(name: str) -> str:
    """Return the text of heatmaps/sql/<name>.sql."""
    return resources.files(__package__).joinpath(f"{name}.sql").read_text()
