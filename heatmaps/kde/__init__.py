"""Kernel density of published places: grid, binning SQL, smoothing, caching, drawing."""
