"""The public API of heatmaps/: what delivery code (layers/) may use, and nothing else.

Everything here computes or reads data and returns it; HTTP is layers/' business. Every result
applies the privacy rules (published only, sensitive places generalised, k-suppression), and
is computed once per published version (heatmaps.store). Filters are heatmaps.filters'.

Cell layers (grid cells, Getis-Ord Gi* hotspots, DBSCAN clusters; heatmaps.cells.selectors
documents their arguments and columns):
    Kind, LAYERS, grid_layer, hotspot_layer, cluster_layer
    layer_kwargs(kind, campaign, query)      checked keyword arguments of a layer function
    PARAMETER_DEFAULTS, PARAMETER_LIMITS     defaults and (low, high) of the analysis parameters
    layer_identity(kind, campaign, kwargs)   what an answer depends on, for ETags
    grid_run(kind, campaign, **kwargs)       the stored run, arguments and k (grid tiles)
    from_query(kind, query)                  keyword arguments from query strings, unchecked

Density (kernel density estimate on a grid, heatmaps.kde):
    density_params(campaign, query, *, levels=False) -> DensityParams
    density(campaign, params) -> Density     the grid, computed once
    density_identity(campaign, params)       what every drawing of it depends on, for ETags
    density_tile_png, density_legend, density_legend_png, density_geotiff
    contour_levels(raw, maximum), density_contours(density, levels)

Polls and votes (heatmaps.ballots documents the shape):
    ballot_tally(campaign, *, exact=False)   counts, shares, scale means, ranking Borda points;
                                             public ones show no numbers below k ballots
    ballot_counts(campaigns)                 each campaign's ballots, exactly (planners' list)

The planners' numbers (exact counts of published posts, heatmaps.summary documents them):
    campaign_counts(campaigns), weekly_counts(campaign, filters, weeks=None),
    category_counts(campaign, filters), answer_distributions(campaign, filters)

The public results (k-suppressed counts of published posts and the city's answers, for the
results page once Campaign.results_visible(); heatmaps.results documents them):
    public_results(campaign), min_contributors()

Sections (ratings per section of a campaign's reference layers, heatmaps.sections documents
the columns and the k rule):
    section_filters(campaign, query) -> Filters   the query's filters; other parameters refused
    section_layer(campaign, filters, *, exact) -> GeoDataFrame (EPSG:4326), public suppressed
    section_columns(campaign, filters)            [(name, kind, description)] in layer order
    section_questions(campaign, filters)          the counted questions (key, label, values)
    section_identity(campaign, filters, *, exact) what the layer depends on, for ETags
"""

from functools import cache

import numpy as np

from geo_participation.campaigns.models import Campaign

from .ballots import ballot_counts, ballot_tally
from .cells.params import CELL_M, DEFAULTS, EPS_M, MIN_POINTS, from_query, normalise, params_key
from .cells.selectors import LAYERS, cluster_layer, grid_layer, grid_run, hotspot_layer
from .cells.selectors import layer_kwargs as layer_kwargs
from .cells.services import revision as cells_revision
from .filters import Filters, check_names
from .filters import from_query as filters_from_query
from .kde import ramp
from .kde.cache import density_for, density_key
from .kde.contours import contour_features, parse_levels
from .kde.density import Density
from .kde.geotiff import geotiff_bytes
from .kde.params import DEFAULT_BANDWIDTH_M, MAX_BANDWIDTH_M, MIN_BANDWIDTH_M, parse_params
from .kde.params import KdeParams as DensityParams
from .kde.tiles import TILE_PIXELS, Tile, tile_values
from .models import GridCell, Kind
from .results import min_contributors, public_results
from .sections import columns as section_columns
from .sections import identity, questions, section_layer
from .summary import answer_distributions, campaign_counts, category_counts, weekly_counts

__all__ = [
    "DENSITY_RAMP_NOTE",
    "LAYERS",
    "LAYER_PARAMETERS",
    "PARAMETER_DEFAULTS",
    "PARAMETER_LIMITS",
    "answer_distributions",
    "ballot_counts",
    "ballot_tally",
    "campaign_counts",
    "category_counts",
    "Density",
    "DensityParams",
    "GridCell",
    "Kind",
    "cluster_layer",
    "contour_levels",
    "density",
    "density_contours",
    "density_geotiff",
    "density_identity",
    "density_legend",
    "density_legend_png",
    "density_params",
    "density_tile_png",
    "from_query",
    "grid_layer",
    "grid_run",
    "hotspot_layer",
    "layer_identity",
    "layer_kwargs",
    "min_contributors",
    "public_results",
    "check_parameter",
    "section_columns",
    "section_filters",
    "section_identity",
    "section_layer",
    "section_questions",
    "weekly_counts",
]

# The density ramp in words, for legends beside the rasters (its one home: kde/ramp.py).
DENSITY_RAMP_NOTE = ramp.RAMP_NOTE

# What a planner's form offers (layers/workspace): each parameter's default and (low, high).
# The bandwidth's low end is the least any area allows; an area may need more (density_params).
PARAMETER_DEFAULTS = {
    "cell_m": DEFAULTS["cell_m"],
    "eps_m": DEFAULTS["eps_m"],
    "min_points": DEFAULTS["min_points"],
    "bandwidth": DEFAULT_BANDWIDTH_M,
}
PARAMETER_LIMITS = {
    "cell_m": CELL_M,
    "eps_m": EPS_M,
    "min_points": MIN_POINTS,
    "bandwidth": (MIN_BANDWIDTH_M, MAX_BANDWIDTH_M),
}


# Each analysis parameter and the layers that take it; every layer refuses the others, so a
# page or project passes each layer only its own (layers/workspace, layers/qgis).
LAYER_PARAMETERS = {
    "cell_m": ("grid", "hotspots"),
    "bandwidth": ("kde", "contours"),
    "eps_m": ("clusters",),
    "min_points": ("clusters",),
}


def check_parameter(campaign: Campaign, name: str, query) -> None:
    """Refuse (Rejected, 400 naming it) a bad analysis parameter among a query's filters."""
    if name == "bandwidth":
        density_params(campaign, query)
    elif name == "cell_m":
        layer_kwargs(Kind.GRID, campaign, query)
    else:
        layer_kwargs(Kind.CLUSTERS, campaign, query)


def layer_identity(kind: str, campaign: Campaign, kwargs: dict) -> tuple:
    """Return what a cell layer's answer depends on: version, arguments, k and code."""
    params, k = normalise(kind, campaign, **kwargs)
    key = params_key(campaign, params)
    return (campaign.pk, campaign.published_version, key, k, cells_revision())


def density_params(campaign: Campaign, query, *, levels: bool = False) -> DensityParams:
    """Return the checked density parameters of a query; with levels, check those too."""
    params = parse_params(campaign, query, extra=("levels",) if levels else ())
    if levels and query.get("levels") is not None:
        parse_levels(query.get("levels"), 1.0)  # refused now, before any density is computed
    return params


def density(campaign: Campaign, params: DensityParams) -> Density:
    """Return the campaign's density grid for these parameters, computed once per version."""
    return density_for(campaign=campaign, params=params)


def density_identity(campaign: Campaign, params: DensityParams) -> str:
    """Return the name of the density grid every drawing of it depends on."""
    return density_key(campaign, params)


def density_tile_png(grid: Density, tile: Tile) -> bytes:
    """Return the 256-pixel PNG of a Web Mercator tile of the density surface."""
    values = tile_values(grid, tile)
    if values is None:
        return _transparent_tile()
    return ramp.png(ramp.rgba(values, grid.maximum))


@cache
def _transparent_tile() -> bytes:
    return ramp.png(ramp.rgba(np.zeros((TILE_PIXELS, TILE_PIXELS), dtype="float32"), 0.0))


def density_legend(grid: Density, params: DensityParams) -> dict:
    """Return the legend of a density grid: scale, unit, breakpoints, parameters, grid."""
    cells = grid.grid
    return {
        "parameters": params.describe(),
        "unit": params.unit(),
        "places": grid.places,
        "ramp": ramp.RAMP,
        "scale": "linear",
        "minimum": 0.0,
        "maximum": grid.maximum,
        "transparent_below": ramp.FLOOR * grid.maximum,
        "breakpoints": ramp.breakpoints(grid.maximum),
        "grid": {
            "crs": "EPSG:3857",
            "size": [cells.size, cells.size],
            "cell": cells.cell,
            "bounds": [cells.xmin, cells.ymin, cells.xmax, cells.ymax],
        },
    }


def density_legend_png(grid: Density, params: DensityParams) -> bytes:
    """Return the legend as a PNG colour bar labelled with densities."""
    # Imported here: matplotlib's figure machinery costs most of a second, and loading the URL
    # configuration (every process, every management command) should not pay it.
    from .kde.legend import legend_png

    return legend_png(maximum=grid.maximum, unit=params.unit())


def density_geotiff(grid: Density, *, campaign: Campaign, params: DensityParams) -> bytes:
    """Return the density grid as a Float32 GeoTIFF (EPSG:3857) with its parameters."""
    metadata = {
        "campaign": campaign.slug,
        "published_version": str(campaign.published_version),
        "unit": params.unit(),
        "places": str(grid.places),
        **{f"param_{k}": v for k, v in params.describe().items()},
    }
    return geotiff_bytes(grid, metadata=metadata)


def contour_levels(raw: str | None, maximum: float) -> list[float]:
    """Return the contour levels from 'a,b,c', or the defaults for a grid's maximum."""
    return parse_levels(raw, maximum)


def density_contours(grid: Density, levels: list[float]) -> list[dict]:
    """Return one GeoJSON Feature (WGS 84 MultiPolygon) per level, lowest first."""
    return contour_features(grid, levels)


def section_filters(campaign: Campaign, query) -> Filters:
    """Return the filters of a sections request; refuse (400) any other parameter."""
    check_names(query, ())
    return filters_from_query(campaign, query)


def section_questions(campaign: Campaign, filters: Filters) -> list:
    """Return the questions counted per section: key, label, type, rated and (value, label)s."""
    return questions(campaign, filters)


def section_identity(campaign: Campaign, filters: Filters, *, exact: bool) -> tuple:
    """Return what a sections answer depends on: version, filters, viewer, k and code."""
    return identity(campaign, filters, exact=exact)
