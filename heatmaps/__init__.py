"""Aggregation of published submissions (heatmaps, grid cells, hotspots); filled by later issues."""
