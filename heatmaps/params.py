"""Deleted at merge: the old import path of the grid tile's from_query; use heatmaps.api."""

from .api import from_query

__all__ = ["from_query"]
