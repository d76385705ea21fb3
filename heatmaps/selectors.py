"""Deleted at merge: the old import path of layers/reports and the grid tile; use heatmaps.api."""

from .api import cluster_layer, grid_run, hotspot_layer

__all__ = ["cluster_layer", "grid_run", "hotspot_layer"]
