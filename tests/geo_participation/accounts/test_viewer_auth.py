"""One viewer on every endpoint: a session, HTTP Basic and an API token are the same person.

Vector tiles, OGC items and the submission API show planners and moderators the exact position
of a sensitive place, and everyone else its generalised one; exports and reports are for
planners; the heatmaps answer everyone alike. An account whose e-mail address is not confirmed
gains nothing by any of the three ways, and a wrong token is refused.
"""

import json
import math

import numpy as np
import pytest
from allauth.account.models import EmailAddress
from django.contrib.gis.geos import Point
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.aggregate_helpers import around, lonlat_to_mercator, place_many
from tests.conftest import INSIDE
from tests.export_helpers import body
from tests.tile_helpers import add, basic, features, lonlat, mercator, url

pytestmark = pytest.mark.django_db

WAYS = ["token", "basic", "session"]
SEES = ["tiles", "ogc", "api"]  # endpoints that show a sensitive place, exactly or generalised
PLANNING = ["export", "report"]  # endpoints for planners only
HEATMAPS = [
    "grid.geojson",
    "hotspots.geojson",
    "clusters.geojson",
    "grid/15/{x}/{y}.mvt",
    "kde/15/{x}/{y}.png",
    "kde.tif",
    "kde/contours.geojson",
    "kde/legend.json",
]
# Within this many EPSG:3857 units (about 0.7 m here) a position counts as the same.
SAME = 1.0


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Basic auth checks the password on every request; PBKDF2 would take most of the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def place(campaign, make_category, home):
    """An approved sensitive place 30 % of a privacy cell away from its generalised position."""
    make_category(campaign, "fear", "point", sensitive=True)
    grid = campaign.sensitive_grid_3857
    cx, cy = mercator(home, 0.5, 0.5)
    exact = ((math.floor(cx / grid) + 0.3) * grid, (math.floor(cy / grid) + 0.3) * grid)
    snapped = (math.floor(cx / grid) * grid, math.floor(cy / grid) * grid)
    row = add(campaign, "fear", Point(*lonlat(*exact), srid=4326))
    # Enough published places for every aggregate to show something.
    place_many(campaign, around(np.random.default_rng(9), *INSIDE, 12, metres=60))
    return {"row": row, "exact": exact, "snapped": snapped, "home": home}


def paths(campaign, home) -> dict:
    slug = campaign.slug
    return {
        "tiles": url(campaign, home),
        "ogc": f"/ogc/collections/{slug}/items?limit=100",
        "api": f"/api/campaigns/{slug}/submissions/",
        "export": f"/exports/{slug}/submissions.geojson",
        "report": f"/reports/{slug}/",
    }


def get(path, user=None, way=None, headers=None):
    """GET as a user authenticated one way (token, basic, session), or as given headers."""
    client = Client(raise_request_exception=False)
    headers = dict(headers or {})
    if way == "token":
        headers["Authorization"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
    elif way == "basic":
        headers.update(basic(user))
    elif way == "session":
        client.force_login(user)
    return client.get(path, headers=headers)


def shown(endpoint, response, place) -> str:
    """Return how an answer shows the sensitive place: "exact" or "generalised"."""
    assert response.status_code == 200, (endpoint, response.status_code, body(response)[:300])
    pk = place["row"].pk
    if endpoint == "tiles":
        tile = place["home"]
        (found,) = [f for f in features(response) if f["id"] == pk]
        px, py = found["geometry"]["coordinates"]
        xy = (tile.xmin + px / 4096 * tile.size, tile.ymax - py / 4096 * tile.size)
    else:
        (found,) = [f for f in response.json()["features"] if f["id"] == pk]
        xy = lonlat_to_mercator(*found["geometry"]["coordinates"])
    flag = found["properties"]["generalised"]
    if math.dist(xy, place["exact"]) < SAME and flag is False:
        return "exact"
    if math.dist(xy, place["snapped"]) < SAME and flag is True:
        return "generalised"
    raise AssertionError(f"{endpoint}: the place is at {xy}, generalised={flag}: {place}")


def content(response):
    """Return a body to compare: JSON decoded (member order aside), anything else as bytes."""
    # The first answer after an aggregate is computed orders the members of "derived" as
    # Python wrote them, later ones as PostgreSQL's jsonb returns them: same document.
    if "json" in response["Content-Type"]:
        return json.loads(body(response))
    return body(response)


@pytest.fixture
def unconfirmed(make_user):
    """A planner whose e-mail address is not confirmed yet (as after sign-up)."""
    user = make_user("newplanner", "planners")
    EmailAddress.objects.create(user=user, email="new@example.org", verified=False, primary=True)
    return user


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("role", ["planners", "moderators"])
@pytest.mark.parametrize("endpoint", SEES)
def test_staff_see_the_exact_place_however_they_authenticate(
    place, campaign, make_user, endpoint, role, way
):
    user = make_user("staff", role)
    response = get(paths(campaign, place["home"])[endpoint], user, way)
    assert shown(endpoint, response, place) == "exact"


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("endpoint", PLANNING)
def test_planners_get_exports_and_reports_however_they_authenticate(
    place, campaign, make_user, endpoint, way
):
    response = get(paths(campaign, place["home"])[endpoint], make_user("p", "planners"), way)
    assert response.status_code == 200, body(response)[:300]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("endpoint", PLANNING)
def test_moderators_are_no_planners_however_they_authenticate(
    place, campaign, make_user, endpoint, way
):
    response = get(paths(campaign, place["home"])[endpoint], make_user("m", "moderators"), way)
    assert response.status_code == 403, body(response)[:300]


@pytest.mark.parametrize("endpoint", SEES)
def test_a_plain_user_with_a_token_sees_the_generalised_place(place, campaign, make_user, endpoint):
    response = get(paths(campaign, place["home"])[endpoint], make_user("citizen"), "token")
    assert shown(endpoint, response, place) == "generalised"


@pytest.mark.parametrize("endpoint", PLANNING)
def test_a_plain_user_with_a_token_gets_no_export(place, campaign, make_user, endpoint):
    response = get(paths(campaign, place["home"])[endpoint], make_user("citizen"), "token")
    assert response.status_code == 403, body(response)[:300]


@pytest.mark.parametrize("endpoint", SEES)
def test_the_public_sees_the_generalised_place(place, campaign, endpoint):
    response = get(paths(campaign, place["home"])[endpoint])
    assert shown(endpoint, response, place) == "generalised"


@pytest.mark.parametrize("endpoint", PLANNING)
def test_the_public_is_asked_to_authenticate_for_exports(place, campaign, endpoint):
    response = get(paths(campaign, place["home"])[endpoint])
    assert response.status_code == 401, body(response)[:300]


@pytest.mark.parametrize("suffix", HEATMAPS)
def test_heatmaps_answer_a_token_planner_as_the_public(place, campaign, make_user, suffix):
    home = place["home"]
    path = f"/heatmaps/{campaign.slug}/" + suffix.format(x=home.x, y=home.y)
    public = get(path)
    planner = get(path, make_user("p", "planners"), "token")
    assert public.status_code == 200, body(public)[:300]
    assert planner.status_code == 200, body(planner)[:300]
    assert content(planner) == content(public)


@pytest.mark.parametrize("way", ["token", "basic"])
@pytest.mark.parametrize("endpoint", SEES + PLANNING)
def test_unconfirmed_credentials_are_refused(place, campaign, unconfirmed, endpoint, way):
    response = get(paths(campaign, place["home"])[endpoint], unconfirmed, way)
    assert response.status_code == 401, body(response)[:300]


@pytest.mark.parametrize("endpoint", SEES)
def test_an_unconfirmed_session_is_the_public(place, campaign, unconfirmed, endpoint):
    response = get(paths(campaign, place["home"])[endpoint], unconfirmed, "session")
    assert shown(endpoint, response, place) == "generalised"


@pytest.mark.parametrize("endpoint", PLANNING)
def test_an_unconfirmed_session_gets_no_export(place, campaign, unconfirmed, endpoint):
    response = get(paths(campaign, place["home"])[endpoint], unconfirmed, "session")
    assert response.status_code in (401, 403), body(response)[:300]


@pytest.mark.parametrize("endpoint", ["tiles", "ogc", "export"])
def test_a_wrong_token_is_refused(place, campaign, endpoint):
    wrong = {"Authorization": "Token " + "0" * 40}
    response = get(paths(campaign, place["home"])[endpoint], headers=wrong)
    assert response.status_code == 401, body(response)[:300]
