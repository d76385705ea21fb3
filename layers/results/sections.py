"""The rated sections of a campaign's reference layers on its results page: the public view.

Numbers come from heatmaps.api.section_layer(exact=False), which keeps the k rule: a section of
fewer than k contributors has every number null (shown as "fewer than k").
"""

import pandas as pd

from heatmaps import api


def _number(value, digits: int | None = None):
    """Return a plain int or float from a frame's cell, None for a missing (suppressed) one."""
    if value is None or pd.isna(value):  # None, NaN or pandas' NA
        return None
    return round(float(value), digits) if digits is not None else int(value)


def public_sections(campaign) -> list[dict]:
    """Return each section's layer, name, ratings, contributors and mean rating (or [])."""
    frame = api.section_layer(campaign, api.section_filters(campaign, {}), exact=False)
    return [
        {
            "id": int(row.id),
            "layer": row.layer_name,
            "name": row.name,
            "section": int(row.section),
            "ratings": _number(row.ratings),
            "contributors": _number(row.contributors),
            "mean": _number(row.mean, 2),
        }
        for row in frame.itertuples()
    ]
