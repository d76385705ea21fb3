"""OGC API - Features (Part 1 core/geojson/html/oas30, Part 2 crs) over published submissions."""
