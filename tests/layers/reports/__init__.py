"""Tests of layers.reports."""
