"""Tests of heatmaps."""
