"""Tests of heatmaps.cells."""
