"""The privacy contract over every public output: nothing pending or rejected, and no exact
sensitive position, ever reaches the public.

Three properties, each over the whole catalogue (tests/contract_helpers.py: submission API,
vector tiles at aggregated and raw zooms, TileJSON, OGC items and item in every CRS as JSON and
HTML, density tiles, GeoTIFF, contours and legend, grid, hotspots, clusters, grid tiles, photos,
the citizen list page and post pages, one's own data download, the ratings per section
(GeoJSON, TileJSON, tiles); the API's and OGC items' `near`,
named from the public position; their public status and the city's answer, also filtered by
status; the aggregates also filtered by public_status and min_support):
a) deleting the pending and rejected rows changes no answer;
b) moving the sensitive place within its privacy cell changes no answer;
c) no answer states a position within 1 m of the exact sensitive, pending or rejected place,
   and their photos are 404;
d) no answer holds the answer text given to the pending and rejected posts.
Before each comparison every stored result is forgotten (caches, and a new published version
for the per-version stores), so the second answer is computed from the rows as they are then.
"""

import json
import math
import re

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client, override_settings
from rest_framework.test import APIClient

from geo_participation.campaigns.models import Category
from geo_participation.references.models import ReferenceFeature
from geo_participation.submissions.models import Submission
from tests.contract_helpers import answer_all, check_expected, too_near
from tests.contract_outputs import BY_NAME, OUTPUTS
from tests.contract_scene import (
    CELL_M,
    DRAFT_SLUG,
    DRAFT_TITLE,
    OGC_CRS,
    SENSITIVE_SECTIONS,
    build_scene,
    contract_campaign,
    draft_scene,
    forget_caches,
    forget_computed,
    hexagon_of,
    z12_row,
)

# Also for the tests that only compare stored answers: pytest-django sets up the test database
# only for a session with marked tests.
pytestmark = pytest.mark.django_db


def _answers_around(change, django_db_blocker, tmp_path_factory):
    """Return the scene's forbidden positions and every answer before and after a change.

    Module-scoped, so the catalogue is fetched twice per property, not twice per output; it all
    happens in one transaction that is rolled back, so the database is left as it was.
    """
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            scene = build_scene(contract_campaign())
            client = APIClient(raise_request_exception=False)
            forget_computed(scene.campaign)
            before = answer_all(client, scene)
            change(scene)
            forget_computed(scene.campaign)
            after = answer_all(client, scene)
            forbidden = scene.forbidden()
            transaction.set_rollback(True)
        forget_caches()
    return forbidden, before, after


def _delete_pending_and_rejected(scene):
    Submission.objects.filter(pk__in=[scene.pending.pk, scene.rejected.pk]).delete()


def _move_the_sensitive_place(scene):
    moved = Point(*scene.lonlat(scene.moved), srid=4326)
    # It rates the section beside its new place now (a public section id would tell).
    beside = ReferenceFeature.objects.get(name=SENSITIVE_SECTIONS[1])
    Submission.objects.filter(pk=scene.sensitive.pk).update(geom=moved, reference=beside)


@pytest.fixture(scope="module")
def deleted(django_db_setup, django_db_blocker, tmp_path_factory):
    return _answers_around(_delete_pending_and_rejected, django_db_blocker, tmp_path_factory)


@pytest.fixture(scope="module")
def moved(django_db_setup, django_db_blocker, tmp_path_factory):
    return _answers_around(_move_the_sensitive_place, django_db_blocker, tmp_path_factory)


def _first_difference(before, after) -> str:
    a, b = (json.dumps(v, default=repr, sort_keys=True) for v in (before, after))
    at = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return f"before: ...{a[max(0, at - 80) : at + 160]}\nafter:  ...{b[max(0, at - 80) : at + 160]}"


def _assert_unchanged(name, answers, why):
    _, before, after = answers
    first, second = before[name], after[name]
    check_expected(BY_NAME[name], first.status, first.data)
    same = first.snapshot == second.snapshot
    assert same, f"{name} {why}:\n" + _first_difference(first.snapshot, second.snapshot)


@pytest.mark.parametrize("name", BY_NAME)
def test_deleting_pending_and_rejected_changes_no_public_output(deleted, name):
    _assert_unchanged(name, deleted, "shows pending or rejected submissions")


@pytest.mark.parametrize("name", BY_NAME)
def test_the_exact_sensitive_position_changes_no_public_output(moved, name):
    _assert_unchanged(name, moved, "depends on the exact sensitive position")


@pytest.mark.parametrize("name", BY_NAME)
def test_no_public_output_states_a_forbidden_position(deleted, name):
    forbidden, before, _ = deleted
    found = before[name]
    check_expected(BY_NAME[name], found.status, found.data)
    assert not too_near(found.positions, forbidden), name


@pytest.mark.parametrize("name", BY_NAME)
def test_no_public_output_holds_an_unpublished_posts_answer(deleted, name):
    _, before, _ = deleted
    for text in (b"pending answer", b"rejected answer"):
        assert text not in before[name].data, name


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scene(db, media):
    return build_scene(contract_campaign())


def nearest_name(xy) -> str:
    """Return the name of the gazetteer entry nearest to an EPSG:3857 position (the rule)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM places_place"
            " WHERE id = gp_place_nearest(ST_SetSRID(ST_Point(%s, %s), 3857))",
            xy,
        )
        return cursor.fetchone()[0]


def test_the_scene_would_show_a_leak(anon, scene):
    """The contract is only as good as its scene: a moved or leaked place changes outputs."""
    campaign = scene.campaign
    grid, metre = campaign.sensitive_grid_3857, campaign.mercator_scale()
    # P0 and P1 generalise to the same point C, 20 m from each.
    for xy in (scene.exact, scene.moved):
        assert (round(xy[0] / grid) * grid, round(xy[1] / grid) * grid) == scene.public
        assert math.dist(xy, scene.public) >= 20 * metre
    # ... but lie in different hexagons of the default grid layer and z12 tile cell rows.
    size = CELL_M * metre
    assert hexagon_of(scene.exact, size) != hexagon_of(scene.moved, size)
    assert z12_row(scene.exact[1]) != z12_row(scene.moved[1])
    # ... and are nearest to different houses, while `near` names the one nearest to C.
    assert nearest_name(scene.exact) == "Angstweg 1" and nearest_name(scene.moved) == "Angstweg 2"
    scene.sensitive.refresh_from_db()
    assert scene.sensitive.near == nearest_name(scene.public)
    layer = anon.get(f"/heatmaps/{campaign.slug}/grid.geojson").json()
    assert layer["parameters"]["cell_m"] == CELL_M and layer["parameters"]["shape"] == "hexagon"
    # The pending and rejected places each lie in a shown cell with four approved contributors.
    for spot in (scene.pending_at, scene.rejected_at):
        assert hexagon_of(spot, size) in {
            (f["properties"]["cell_i"], f["properties"]["cell_j"])
            for f in layer["features"]
            if f["properties"]["contributors"] == 4
        }


def test_every_offered_crs_is_in_the_contract(anon, scene):
    collection = anon.get(f"/ogc/collections/{scene.campaign.slug}").json()
    assert set(collection["crs"]) <= set(OGC_CRS.values())


NEVER = "nie-dagewesen"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _same(a: bytes, b: bytes) -> bool:
    return CSRF.sub(b"", a) == CSRF.sub(b"", b)


# Public pages and documents that list campaigns (each must hold one: the contract campaign).
LISTINGS = ["/", "/api/campaigns/", "/ogc/collections", "/ogc/collections?f=html", "/sitemap.xml"]


def test_no_public_output_names_a_draft_campaign(anon, scene, make_user):
    """A draft (with a post forced into it) is 404 at every output, and no listing names it."""
    draft = draft_scene()
    forget_caches()
    for output in OUTPUTS:
        url = output.url(draft)
        response = anon.get(url)
        body = _body(response)
        assert DRAFT_TITLE.encode() not in body, (output.name, url)
        if DRAFT_SLUG not in url:
            assert DRAFT_SLUG.encode() not in body, (output.name, url)
            continue
        # Answered exactly as a campaign that never existed: nothing tells a draft is there.
        never = anon.get(url.replace(DRAFT_SLUG, NEVER))
        assert response.status_code == never.status_code == 404, (output.name, url)
        assert _same(body, _body(never).replace(NEVER.encode(), DRAFT_SLUG.encode())), url
    planner = APIClient()
    planner.force_login(make_user("contract-planner", "planners"))
    for url, client in [*((u, anon) for u in LISTINGS), ("/auswertung/", planner)]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        if response.status_code == 200:
            assert scene.campaign.slug.encode() in response.content, url  # not vacuous
            assert DRAFT_SLUG.encode() not in response.content, url
            assert DRAFT_TITLE.encode() not in response.content, url
    # The planners' pages and project of a draft are no more there than for anyone else.
    for url in (f"/auswertung/{DRAFT_SLUG}/", f"/qgis/{DRAFT_SLUG}.qgs"):
        assert planner.get(url).status_code == 404, url


def test_switching_sensitive_off_leaves_the_exact_position_unpublished(anon, scene, make_user):
    """Posts were submitted under the promise of generalisation: no one may switch it off."""
    manager = Client()
    manager.force_login(make_user("contract-manager", "campaign_managers"))
    form = {"label_de": "Fear", "key": "fear", "geometry_kind": "point", "colour": "#0072b2"}
    form |= {"question-TOTAL_FORMS": "0", "question-INITIAL_FORMS": "0"}  # "sensitive" unticked
    response = manager.post(f"/einrichten/{scene.campaign.slug}/kategorien/fear/", form)
    assert response.status_code == 302  # saved, with the locked box kept on
    fear = Category.objects.get(campaign=scene.campaign, key="fear")
    assert fear.sensitive
    fear.sensitive = False
    with pytest.raises(ValidationError):
        fear.save()  # the admin and scripts alike
    forget_computed(scene.campaign)
    exact = {"exact sensitive position": scene.lonlat(scene.exact)}
    for name, found in answer_all(anon, scene).items():
        check_expected(BY_NAME[name], found.status, found.data)
        assert not too_near(found.positions, exact), name
