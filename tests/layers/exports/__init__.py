"""Tests of layers.exports."""
