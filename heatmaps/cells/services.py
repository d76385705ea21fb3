"""The write path of aggregate runs: compute and store once per published version.

A run is looked up by campaign, kind, normalised arguments and the campaign's current
published_version. Database triggers bump that version on every moderation decision, edit,
deletion or "me too" of a published submission, so the first request after a change computes a
fresh run and no request is ever answered from a stale one.
"""

import logging
import time
from functools import cache

import numpy as np
from django.db import connection

from geo_participation.campaigns.models import Campaign
from geo_participation.errors import Rejected

from .. import sql, store
from ..models import AggregateRun, GridCell, Kind
from . import clusters, grid, hotspots
from .params import normalise, params_key

logger = logging.getLogger(__name__)


@cache
def revision() -> str:
    """Return the hash of the SQL that shapes every cell and cluster besides the data."""
    return store.revision(sql.sources(), sql.CONDITIONS)


def current_version(campaign: Campaign) -> int:
    """Return the campaign's published_version as the database has it now."""
    return Campaign.objects.filter(pk=campaign.pk).values_list("published_version", flat=True).get()


def find_run(*, campaign: Campaign, params: dict, version: int) -> AggregateRun | None:
    """Return the stored run for these arguments at this version, if there is one."""
    return AggregateRun.objects.filter(
        campaign=campaign,
        kind=params["kind"],
        params_key=params_key(campaign, params),
        published_version=version,
    ).first()


def ensure_run(*, campaign: Campaign, params: dict) -> AggregateRun:
    """Return the run for normalised arguments at the current version, computing it if needed."""
    key = params_key(campaign, params)

    def find() -> AggregateRun | None:
        return find_run(campaign=campaign, params=params, version=current_version(campaign))

    def compute() -> AggregateRun:
        if params["kind"] in (Kind.GRID, Kind.HOTSPOTS):
            # Before anything is computed: nobody may ask for 10^8 cells.
            grid.check_cell_count(campaign, params)
        # Read before the data: the data the statements see is at least this new, so a run is
        # never labelled with a newer version than its data.
        return _compute(campaign, params, key, current_version(campaign))

    return store.once(f"cells.{key}", find=find, compute=compute)


def _compute(campaign, params, key, version) -> AggregateRun:
    started = time.perf_counter()
    # Older versions of the same result can never be served again.
    AggregateRun.objects.filter(
        campaign=campaign, kind=params["kind"], params_key=key, published_version__lt=version
    ).delete()
    run = AggregateRun.objects.create(
        campaign=campaign,
        kind=params["kind"],
        params={**params, "derived": DERIVED[params["kind"]](campaign, params)},
        params_key=key,
        published_version=version,
    )
    COMPUTE[params["kind"]](run, campaign, params)
    run.duration_ms = round((time.perf_counter() - started) * 1000)
    run.save(update_fields=["duration_ms"])
    return run


def _grid(run, campaign, params):
    grid.store_cells(run, campaign, params, whole_area=False)


def _hotspots(run, campaign, params):
    grid.store_cells(run, campaign, params, whole_area=True)
    rows = np.array(
        GridCell.objects.filter(run=run)
        .order_by("id")
        .values_list("id", "cell_i", "cell_j", "total")
    ).reshape(-1, 4)
    result = hotspots.gi_star(
        rows[:, 3],
        rows[:, 1],
        rows[:, 2],
        shape=params["shape"],
        permutations=params["permutations"],
        seed=params["seed"],
        fdr=params["fdr"],
    )
    _store_gi(rows[:, 0], result)


def _store_gi(ids, result):
    def floats(a):
        return [None if not np.isfinite(v) else float(v) for v in a]

    # One UPDATE from arrays: 50,000 cells in one round trip.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {GridCell._meta.db_table} c
            SET z = u.z, p_norm = u.p_norm, p_sim = u.p_sim, confidence = u.confidence,
                hotspot = u.hotspot
            FROM unnest(%s::bigint[], %s::float8[], %s::float8[], %s::float8[], %s::int[],
                        %s::text[]) AS u(id, z, p_norm, p_sim, confidence, hotspot)
            WHERE c.id = u.id""",  # noqa: S608 - the table name comes from the model
            [
                ids.tolist(),
                floats(result["z"]),
                floats(result["p_norm"]),
                floats(result["p_sim"]),
                result["confidence"].tolist(),
                list(result["hotspot"]),
            ],
        )


def _clusters(run, campaign, params):
    clusters.store_clusters(run, campaign, params)


def _hotspot_derived(campaign, params):
    return grid.derived(campaign, params) | {
        "weights": hotspots.WEIGHTS[params["shape"]],
        "study_area": "every cell over the campaign area, empty ones with 0",
        "variable": "count of submissions per cell",
        "p_sim": "two-sided: 2 x esda's folded pseudo p-value (conditional randomisation)",
        "p_norm": "two-sided, normal approximation",
        "confidence_levels": list(hotspots.LEVELS),
        "multiple_testing": "Benjamini-Hochberg FDR (esda.fdr)" if params["fdr"] else "none",
    }


COMPUTE = {Kind.GRID: _grid, Kind.HOTSPOTS: _hotspots, Kind.CLUSTERS: _clusters}
DERIVED = {
    Kind.GRID: grid.derived,
    Kind.HOTSPOTS: _hotspot_derived,
    Kind.CLUSTERS: clusters.derived,
}


def refresh_aggregates(*, campaign: Campaign) -> list[AggregateRun]:
    """Recompute every result requested before for the campaign at its current version.

    Runs of older versions are deleted; a campaign never asked for gets the default grid,
    hotspots and clusters. Returns the current runs.
    """
    latest = {}
    for run in AggregateRun.objects.filter(campaign=campaign).order_by("published_version"):
        latest[run.params_key] = {k: v for k, v in run.params.items() if k != "derived"}
    if not latest:
        for kind in Kind.values:
            stored, _ = normalise(kind, campaign)
            latest[params_key(campaign, stored)] = stored
    runs = []
    for stored in latest.values():
        try:
            # Normalised again: a run asked for under older rules is keyed as today's would be.
            kwargs = {k: v for k, v in stored.items() if k != "kind"}
            params, _ = normalise(stored["kind"], campaign, **kwargs)
            runs.append(ensure_run(campaign=campaign, params=params))
        except Rejected as exc:
            # Asked for under other limits (GP_AGGREGATE_MAX_CELLS lowered since): dropped.
            logger.warning("refresh_aggregates: %s skipped: %s", campaign.slug, exc.detail)
    AggregateRun.objects.filter(campaign=campaign).exclude(pk__in=[r.pk for r in runs]).delete()
    return runs
