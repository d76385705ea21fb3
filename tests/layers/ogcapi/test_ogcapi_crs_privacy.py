"""OGC API - Features Part 2 CRS output, and the privacy rules every delivery layer keeps."""

import base64
import json
import math
import shutil
import subprocess

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection
from django.test import Client

from geo_participation.submissions.models import Submission
from geo_participation.submissions.selectors import submission_list

ITEMS = "/ogc/collections/fear/items"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"
EPSG_25832 = "http://www.opengis.net/def/crs/EPSG/0/25832"
# The Stiftsplatz in Kaiserslautern.
KNOWN = (7.7686, 49.4447)
PASSWORD = "x-test-password-1"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def known(campaign, make_submission):
    return make_submission(campaign, coordinates=list(KNOWN))


@pytest.fixture
def hidden(campaign, make_category, make_submission):
    """An approved place in a sensitive category, with pending and rejected ones beside it."""
    make_category(campaign, "fearspot", sensitive=True)
    exact = make_submission(campaign, category="fearspot", coordinates=[7.77123, 49.44321])
    make_submission(campaign, category="fearspot", status="pending")
    make_submission(campaign, category="fearspot", status="rejected")
    return exact


def only_feature(response):
    assert response.status_code == 200, response.content
    features = response.json()["features"]
    assert len(features) == 1
    return features[0]


def gdal_utm(lon, lat):
    """Return (E, N) in EPSG:25832 as GDAL's gdaltransform computes it."""
    out = subprocess.run(
        ["gdaltransform", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:25832", "-output_xy"],
        input=f"{lon} {lat}\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def postgis_utm(lon, lat):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(p), ST_Y(p) "
            "FROM ST_Transform(ST_SetSRID(ST_Point(%s, %s), 4326), 25832) AS p",
            [lon, lat],
        )
        return cursor.fetchone()


def test_default_output_is_crs84_longitude_first(client, known):
    response = client.get(ITEMS)
    assert response["Content-Crs"] == f"<{CRS84}>"
    assert only_feature(response)["geometry"]["coordinates"] == pytest.approx(list(KNOWN))
    assert client.get(ITEMS, {"crs": CRS84})["Content-Crs"] == f"<{CRS84}>"


def test_epsg_4326_output_is_latitude_first(client, known):
    response = client.get(ITEMS, {"crs": EPSG_4326})
    assert response["Content-Crs"] == f"<{EPSG_4326}>"
    lat, lon = only_feature(response)["geometry"]["coordinates"]
    assert (lat, lon) == pytest.approx((KNOWN[1], KNOWN[0]))


def test_epsg_4326_flips_every_vertex_of_a_line(client, campaign, make_submission):
    line = make_submission(campaign, category="route")
    coords = [[7.71, 49.41], [7.75, 49.43], [7.84, 49.47]]
    geom = GEOSGeometry(json.dumps({"type": "LineString", "coordinates": coords}), srid=4326)
    Submission.objects.filter(pk=line.pk).update(geom=geom)
    feature = only_feature(client.get(ITEMS, {"crs": EPSG_4326}))
    assert feature["geometry"]["coordinates"] == [[lat, lon] for lon, lat in coords]


@pytest.mark.skipif(shutil.which("gdaltransform") is None, reason="GDAL utilities missing")
def test_utm_32n_output_matches_gdal_and_postgis(client, known):
    response = client.get(ITEMS, {"crs": EPSG_25832})
    assert response["Content-Crs"] == f"<{EPSG_25832}>"
    easting, northing = only_feature(response)["geometry"]["coordinates"]
    assert 410_000 < easting < 411_000 and 5_477_000 < northing < 5_478_000
    assert (easting, northing) == pytest.approx(gdal_utm(*KNOWN), abs=0.01)
    assert (easting, northing) == pytest.approx(postgis_utm(*KNOWN), abs=0.01)


def test_one_feature_in_each_crs(client, known):
    url = f"{ITEMS}/{known.pk}"
    assert client.get(url)["Content-Crs"] == f"<{CRS84}>"
    flipped = client.get(url, {"crs": EPSG_4326})
    assert flipped["Content-Crs"] == f"<{EPSG_4326}>"
    assert flipped.json()["geometry"]["coordinates"] == pytest.approx([KNOWN[1], KNOWN[0]])
    utm = client.get(url, {"crs": EPSG_25832}).json()["geometry"]["coordinates"]
    assert utm == pytest.approx(list(postgis_utm(*KNOWN)), abs=0.01)
    assert client.get(url, {"crs": "http://www.opengis.net/def/crs/EPSG/0/3857"}).status_code == 400


def test_pending_and_rejected_are_never_served_not_even_to_moderators_or_authors(
    client, campaign, make_submission, make_user
):
    author = make_user("author")
    approved = make_submission(campaign, author=author)
    make_submission(campaign, status="pending", author=author)
    make_submission(campaign, status="rejected", author=author)
    for user in (None, author, make_user("mod", "moderators"), make_user("pl", "planners")):
        viewer = Client()
        if user is not None:
            viewer.force_login(user)
        body = viewer.get(ITEMS, {"limit": 100}).json()
        assert [f["id"] for f in body["features"]] == [approved.pk]
        assert body["numberMatched"] == 1


def test_sensitive_places_are_generalised_for_the_public(client, hidden):
    feature = only_feature(client.get(ITEMS))
    assert feature["properties"]["generalised"] is True
    lon, lat = feature["geometry"]["coordinates"]
    assert (lon, lat) != pytest.approx(list(hidden.geom.coords), abs=1e-6)
    # Snapped to the 100 m grid: never far from the place, never on it.
    metres = math.dist(
        (lon * 72_400, lat * 111_320), (hidden.geom.x * 72_400, hidden.geom.y * 111_320)
    )
    assert 0 < metres < 150
    expected = submission_list(
        campaign=hidden.campaign, viewer=AnonymousUser(), client_id=None, own_pending=False
    ).get()
    assert (lon, lat) == pytest.approx(list(expected.out_geom.coords), abs=1e-7)
    single = client.get(f"{ITEMS}/{hidden.pk}").json()
    assert single["geometry"] == feature["geometry"]


def test_sensitive_places_stay_generalised_in_every_crs(client, hidden):
    public = only_feature(client.get(ITEMS))["geometry"]["coordinates"]
    utm = only_feature(client.get(ITEMS, {"crs": EPSG_25832}))["geometry"]["coordinates"]
    assert utm == pytest.approx(list(postgis_utm(*public)), abs=0.01)
    assert utm != pytest.approx(list(postgis_utm(*hidden.geom.coords)), abs=1)


@pytest.mark.parametrize("group", ["planners", "moderators"])
def test_planners_and_moderators_see_sensitive_places_exactly(client, hidden, make_user, group):
    client.force_login(make_user("insider", group))
    feature = only_feature(client.get(ITEMS))
    assert feature["properties"]["generalised"] is False
    assert feature["geometry"]["coordinates"] == pytest.approx(list(hidden.geom.coords))


def basic(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return Client(HTTP_AUTHORIZATION=f"Basic {token}", raise_request_exception=False)


def test_gis_clients_authenticate_with_basic_credentials(hidden, make_user):
    make_user("planner", "planners")
    feature = only_feature(basic("planner", PASSWORD).get(ITEMS))
    assert feature["geometry"]["coordinates"] == pytest.approx(list(hidden.geom.coords))
    response = basic("planner", "wrong").get(ITEMS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert response.json()["code"] == "Unauthorized"
    assert "Authorization" in response["Vary"]


def test_a_small_bbox_cannot_locate_a_sensitive_place(client, hidden, make_user):
    x, y = hidden.geom.coords
    box = {"bbox": f"{x - 1e-5},{y - 1e-5},{x + 1e-5},{y + 1e-5}"}
    assert client.get(ITEMS, box).json()["features"] == []
    client.force_login(make_user("planner", "planners"))
    assert only_feature(client.get(ITEMS, box))["id"] == hidden.pk
