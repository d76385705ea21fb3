"""Tests of geo_participation."""
