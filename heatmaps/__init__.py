"""Aggregation of published submissions: density surfaces (kde/) and cells, hotspots and clusters
(cells/). No HTTP here; delivery code uses heatmaps.api and heatmaps.filters."""
