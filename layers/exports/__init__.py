"""Planner exports: every layer in every format GIS software reads, streamed to a file."""
