"""Tests of geo_participation.web."""
