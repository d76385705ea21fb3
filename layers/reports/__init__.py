"""Planner reports: a self-contained HTML page per campaign with map, figures and chart."""
