"""Mapbox Vector Tiles and TileJSON of published submissions, one layer per registry entry."""
