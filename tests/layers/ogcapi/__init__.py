"""Tests of layers.ogcapi."""
