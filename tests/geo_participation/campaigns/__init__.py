"""Tests of geo_participation.campaigns."""
