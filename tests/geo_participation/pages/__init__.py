"""Tests of geo_participation.pages."""
