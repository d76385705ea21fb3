"""refresh_aggregates: recompute stored aggregate runs."""
