"""Tests of heatmaps.kde."""
