"""Tests of geo_participation.moderation."""
