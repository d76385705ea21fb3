"""What goes into a tile: aggregated or single features, within the feature and byte caps."""

from django.conf import settings

from geo_participation.campaigns.models import Campaign
from geo_participation.submissions.selectors import sensitive_grid
from layers.registry import Layer

from .addressing import Tile
from .sql import fetch_tile, tile_query


def is_aggregated(tile: Tile) -> bool:
    """Return whether a tile at this zoom carries grid cells instead of single submissions."""
    return tile.z < settings.GP_TILE_AGGREGATE_BELOW_ZOOM


def _arguments(*, layer: Layer, campaign: Campaign, tile: Tile, exact: bool) -> dict:
    return {
        "layer": layer,
        "campaign_id": campaign.pk,
        "tile": tile,
        "exact": exact,
        "grid": sensitive_grid(campaign),
        "aggregated": is_aggregated(tile),
        "limit": settings.GP_TILE_MAX_FEATURES,
    }


def tile_statement(*, layer: Layer, campaign: Campaign, tile: Tile, exact: bool):
    """Return the SQL and parameters a tile request runs (first), for benchmarks and EXPLAIN."""
    return tile_query(**_arguments(layer=layer, campaign=campaign, tile=tile, exact=exact))


def tile_bytes(*, layer: Layer, campaign: Campaign, tile: Tile, exact: bool) -> bytes:
    """Return the MVT bytes of a tile for a viewer; b"" when it has no features."""
    # A tile with more places than GP_TILE_MAX_FEATURES, or over GP_TILE_MAX_BYTES, is answered
    # aggregated instead (as at low zooms): a map then shows where the places are and how many,
    # not an arbitrary subset. An aggregated tile still over the byte cap is truncated, in the
    # statement's order (largest cells first), until it fits. No answer is ever larger than the
    # cap.
    cap = settings.GP_TILE_MAX_BYTES
    arguments = _arguments(layer=layer, campaign=campaign, tile=tile, exact=exact)
    data, count, dense = fetch_tile(**arguments)
    if (dense or len(data) > cap) and not arguments["aggregated"]:
        arguments["aggregated"] = True
        data, count, _ = fetch_tile(**arguments)
    while len(data) > cap:
        # Bytes grow about linearly with features: aim a tenth below the cap, and always lower.
        arguments["limit"] = min(count - 1, int(count * cap / len(data) * 0.9))
        if arguments["limit"] < 1:
            return b""
        data, count, _ = fetch_tile(**arguments)
    return data
