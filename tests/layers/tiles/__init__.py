"""Tests of layers.tiles."""
