"""Tests of geo_participation.accounts."""
