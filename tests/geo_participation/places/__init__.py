"""Tests of the gazetteer: loading, search, reverse, near."""
