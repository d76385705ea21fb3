"""Tests of layers.aggregates."""
