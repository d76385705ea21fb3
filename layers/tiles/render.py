"""What goes into a tile: aggregated or single features, within the feature and byte caps."""

from django.conf import settings

from geo_participation.campaigns.models import Campaign
from geo_participation.replicas import version_is_behind
from geo_participation.submissions.selectors import sensitive_grid
from layers.registry import Layer

from .addressing import Tile
from .database import fetch_tile
from .sql import tile_query


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


def tile_bytes(
    *, layer: Layer, campaign: Campaign, tile: Tile, exact: bool
) -> tuple[bytes, int | None]:
    """Return the MVT bytes of a tile for a viewer (b"" when it has no features) and the
    campaign's published version they were read at (None: the campaign is not public)."""
    data, version = _capped(_arguments(layer=layer, campaign=campaign, tile=tile, exact=exact))
    if version is not None and version_is_behind(campaign.pk, version):
        # A replica behind a version already served: read again on the primary (seam 2).
        data, version = _capped(
            _arguments(layer=layer, campaign=campaign, tile=tile, exact=exact), using="default"
        )
    return data, version


def _capped(arguments: dict, using: str | None = None) -> tuple[bytes, int | None]:
    # A tile with more places than GP_TILE_MAX_FEATURES, or over GP_TILE_MAX_BYTES, is answered
    # aggregated instead (as at low zooms): a map then shows where the places are and how many,
    # not an arbitrary subset. An aggregated tile still over the byte cap is truncated, in the
    # statement's order (largest cells first), until it fits. No answer is ever larger than the
    # cap.
    cap = settings.GP_TILE_MAX_BYTES
    data, count, dense, version = fetch_tile(using=using, **arguments)
    if (dense or len(data) > cap) and not arguments["aggregated"]:
        arguments["aggregated"] = True
        data, count, _, version = fetch_tile(using=using, **arguments)
    while len(data) > cap:
        # Bytes grow about linearly with features: aim a tenth below the cap, and always lower.
        arguments["limit"] = min(count - 1, int(count * cap / len(data) * 0.9))
        if arguments["limit"] < 1:
            return b"", version
        data, count, _, version = fetch_tile(using=using, **arguments)
    return data, version
