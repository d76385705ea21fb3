"""What a tile request asks of each layer, and where each kind of layer gets its tile bytes.

A layer's `key` (registry) says what besides the campaign's version and z/x/y a request asks
for, and so what goes into the cache key and ETag; its `kind` says which statement makes the
bytes. The generic views in layers.tiles.views call only ask() and tile_bytes().
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import get_language

from geo_participation.cache import WorkerCache
from geo_participation.campaigns.models import Campaign
from heatmaps.api import (
    from_query,
    grid_run,
    layer_identity,
    section_filters,
    section_identity,
    section_layer,
)
from layers.registry import Layer

from . import database, render, sql
from .access import sees_every_number, sees_exact
from .addressing import Tile

# The campaign columns a tile request of each kind reads (none named: the whole row). A
# submissions tile needs only these, so its 304 costs one small query.
CAMPAIGN_FIELDS = {
    "submissions": ("id", "published_version", "sensitive_grid_3857"),
    "grid_cells": (),
    "sections": (),
}


@dataclass(frozen=True)
class Ask:
    """What one request asks of a layer, besides the campaign and z/x/y."""

    # Its part of the cache key and ETag.
    variant: tuple
    # The answer shows exact places: cached privately by browsers only, never kept server-side
    # (it must not outlive the viewer's rights).
    private: bool = False
    # The answer depends on who asks (Vary: Authorization, Cookie).
    by_viewer: bool = False
    # What the kind's statement needs besides layer, campaign and tile.
    arguments: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AggregateRequest:
    """The aggregate run a request's query string names, before anything is computed."""

    params_key: str
    k: int
    # Return the stored run's id, computing the run first when it is not stored yet.
    run_id: Callable[[], int]


def aggregate_request(kind: str, campaign: Campaign, query: QueryDict) -> AggregateRequest:
    """Return the aggregate run named by request query parameters; raise Rejected when bad."""
    # The one door into heatmaps for aggregate tiles: its filter dialect and its run store.
    kwargs = from_query(kind, query)
    _campaign, _version, params_key, k, revision = layer_identity(kind, campaign, kwargs)
    return AggregateRequest(
        # The aggregation code's revision too: a run computed by other code is another run.
        params_key=f"{params_key[:32]}.{revision}",
        k=k,
        run_id=lambda: grid_run(kind, campaign, **kwargs)[0].pk,
    )


def _viewer_ask(*, exact: bool) -> Ask:
    viewer = "exact" if exact else "public"
    return Ask(variant=(viewer,), private=exact, by_viewer=True, arguments={"exact": exact})


def _by_viewer(layer: Layer, request, campaign: Campaign) -> Ask:
    # Raises rest_framework's AuthenticationFailed for wrong credentials (the view: 401).
    return _viewer_ask(exact=sees_exact(request))


def _by_aggregate(layer: Layer, request, campaign: Campaign) -> Ask:
    # The normalised arguments, not the query text: equal requests share one key.
    aggregate = aggregate_request(layer.aggregate, campaign, request.GET)
    return Ask(
        variant=(aggregate.params_key, aggregate.k),
        arguments={"aggregate": aggregate},
    )


def _by_numbers(layer: Layer, request, campaign: Campaign) -> Ask:
    # Raises AuthenticationFailed for wrong credentials and Rejected for bad filters.
    exact = sees_every_number(request)
    chosen = section_filters(campaign, request.GET)
    # What the numbers depend on besides the version (filters, viewer, k, code), and the
    # language the names are in.
    identity = section_identity(campaign, chosen, exact=exact)[2:]
    return Ask(
        variant=(*identity, (get_language() or "de")[:2]),
        private=exact,
        by_viewer=True,
        arguments={"exact": exact, "filters": chosen},
    )


ASKS = {"viewer": _by_viewer, "aggregate": _by_aggregate, "numbers": _by_numbers}


def ask(layer: Layer, request, campaign: Campaign) -> Ask:
    """Return what a request asks of a layer; raise Rejected for bad query parameters."""
    return ASKS[layer.key](layer, request, campaign)


def public_ask(layer: Layer) -> Ask:
    """Return what every anonymous request asks of a layer whose tiles depend only on who
    asks (key "viewer"): the public tiles the worker renders ahead (layers.tiles.prerender)."""
    if layer.key != "viewer":
        raise ValueError(f"{layer.name}: its tiles depend on the request, not only the viewer.")
    return _viewer_ask(exact=False)


def tiles_query(layer: Layer, request, campaign: Campaign) -> str:
    """Return the query string a layer's TileJSON carries into its tiles URL, once checked."""
    if layer.key == "numbers":
        section_filters(campaign, request.GET)  # refused on the TileJSON too
        return request.GET.urlencode()
    if layer.key != "aggregate":
        return ""
    # Bad filters are refused on the TileJSON, not only later on every tile.
    aggregate_request(layer.aggregate, campaign, request.GET)
    return request.GET.urlencode()


def _submissions(layer: Layer, campaign: Campaign, tile: Tile, *, exact: bool):
    # The statement reads the campaign's version itself (one round trip, one snapshot).
    return render.tile_bytes(layer=layer, campaign=campaign, tile=tile, exact=exact)


def _grid_cells(layer: Layer, campaign: Campaign, tile: Tile, *, aggregate):
    run_id = aggregate.run_id()
    data = database.fetch_grid_tile(layer=layer, run_id=run_id, k=aggregate.k, tile=tile)
    return data, campaign.published_version


# The numbers of a campaign's sections, computed once for all the tiles of a map view (private
# tiles too: a viewer's rights decide which numbers are asked for, not what a key holds). The
# key holds the version, filters, viewer class, k, code and language: never stale.
section_numbers = WorkerCache("sections", entries=32, timeout=3600)


def _sections(layer: Layer, campaign: Campaign, tile: Tile, *, exact: bool, filters):
    identity = section_identity(campaign, filters, exact=exact)
    key = ".".join(map(str, (*identity, (get_language() or "de")[:2])))
    numbers = section_numbers.get(key)
    if numbers is None:
        frame = section_layer(campaign, filters, exact=exact)
        numbers = {
            column: frame[column].astype(object).where(frame[column].notna(), None).tolist()
            for column in sql.SECTION_ARRAYS.values()
        }
        section_numbers.set(key, numbers)
    data = database.fetch_section_tile(
        layer=layer, campaign_id=campaign.pk, numbers=numbers, tile=tile
    )
    return data, campaign.published_version


TILES = {"submissions": _submissions, "grid_cells": _grid_cells, "sections": _sections}


def tile_bytes(
    layer: Layer, campaign: Campaign, tile: Tile, asked: Ask
) -> tuple[bytes, int | None]:
    """Return the MVT bytes of a tile for what was asked (b"" when it has no features) and the
    campaign's published version they show (None: the campaign is no longer public)."""
    return TILES[layer.kind](layer, campaign, tile, **asked.arguments)
