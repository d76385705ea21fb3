""" "Open in QGIS": a QGIS project file (.qgs) of a campaign's posts and analysis layers.

views (planners only) -> sources (which layers, at which URLs, with the filter) -> styles
(renderers: posts by category, hotspots by class, grid by count) -> document (the XML).
The project holds URLs only, never data or credentials: QGIS reads every layer from us.
"""
