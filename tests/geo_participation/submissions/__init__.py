"""Tests of geo_participation.submissions."""
