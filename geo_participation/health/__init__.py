"""Availability: 503 with Retry-After during database or cache outages, and the probes."""
