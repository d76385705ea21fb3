"""Getis-Ord Gi* hotspots: a planted hotspot is found, a uniform field stays quiet."""

import numpy as np
import pytest

from heatmaps.cells.params import normalise
from heatmaps.cells.selectors import hotspot_layer
from heatmaps.cells.services import ensure_run
from heatmaps.models import GridCell, Kind
from tests.aggregate_helpers import around, place_many, uniform

pytestmark = pytest.mark.django_db
CENTRE = (7.775, 49.44)


def all_cells(campaign, **kwargs):
    """Return every cell of the hotspot run, suppressed or not (the statistics' view)."""
    params, _ = normalise(Kind.HOTSPOTS, campaign, **kwargs)
    run = ensure_run(campaign=campaign, params=params)
    return list(GridCell.objects.filter(run=run))


def test_finds_a_planted_hotspot(campaign):
    rng = np.random.default_rng(11)
    place_many(campaign, uniform(rng, 1500))
    place_many(campaign, around(rng, *CENTRE, 300, metres=250), who=lambda n: f"h{n}")
    frame = hotspot_layer(campaign, cell_m=400, seed=1)

    hot = frame[frame["hotspot"] == "hot"]
    from shapely import Point

    assert hot.contains(Point(*CENTRE)).any()
    centre = frame[frame.contains(Point(*CENTRE))].iloc[0]
    assert centre["confidence"] == 99 and centre["z"] > 3 and centre["p_sim"] <= 0.01
    # Hot cells are where the planted places are: near the centre, not scattered about.
    far = hot.to_crs(3857).distance(
        frame[frame.contains(Point(*CENTRE))].to_crs(3857).geometry.iloc[0]
    )
    assert (far < 2000).all()


@pytest.mark.parametrize("seed", [3, 4])
def test_a_uniform_field_flags_no_more_than_its_confidence_allows(campaign, seed):
    rng = np.random.default_rng(seed)
    place_many(campaign, uniform(rng, 6000, box=(7.70, 49.40, 7.85, 49.48)))
    cells = all_cells(campaign, cell_m=300, seed=seed)
    # Cells cut by the area's edge hold fewer places by construction (an edge effect of
    # counting, see README): the chance rate applies to the cells wholly inside.
    inside = set(
        GridCell.objects.filter(
            pk__in=[c.pk for c in cells], geom_3857__coveredby=campaign.area
        ).values_list("pk", flat=True)
    )
    cells = [c for c in cells if c.pk in inside]
    assert len(cells) > 300
    flagged = sum(c.confidence >= 95 for c in cells) / len(cells)
    # Two-sided 95 %: about 5 % of cells by chance, never many more.
    assert flagged <= 0.05 + 0.025
    assert sum(c.confidence == 99 for c in cells) / len(cells) <= 0.01 + 0.01


def test_fdr_flags_no_more_cells(campaign):
    rng = np.random.default_rng(5)
    place_many(campaign, uniform(rng, 1500))
    place_many(campaign, around(rng, *CENTRE, 200, metres=300), who=lambda n: f"h{n}")
    plain = all_cells(campaign, cell_m=400, seed=2)
    corrected = all_cells(campaign, cell_m=400, seed=2, fdr=True)
    assert 0 < sum(c.confidence > 0 for c in corrected) <= sum(c.confidence > 0 for c in plain)


def test_the_study_area_includes_empty_cells_and_results_are_reproducible(campaign):
    rng = np.random.default_rng(6)
    place_many(campaign, around(rng, *CENTRE, 100, metres=200))
    cells = all_cells(campaign, cell_m=500)
    assert any(c.total == 0 for c in cells) and sum(c.total for c in cells) == 100
    again = hotspot_layer(campaign, cell_m=500)
    assert again.attrs["parameters"]["derived"]["weights"].startswith("contiguity")
    assert again.attrs["parameters"]["permutations"] == 999
    assert again.attrs["parameters"]["seed"] == 12345


def test_hotspot_cells_are_suppressed_like_grid_cells(campaign):
    place_many(campaign, [CENTRE] * 40, who=lambda n: f"p{n % 2}")
    frame = hotspot_layer(campaign, cell_m=500)
    assert len(frame) == 0 and frame.attrs["suppressed"] > 0


def test_no_variation_gives_no_hotspots(campaign):
    cells = all_cells(campaign, cell_m=1000)
    assert cells and all(c.hotspot == "none" and c.z is None for c in cells)
