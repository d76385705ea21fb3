"""Each submission's `near`: set on create, refreshed by a reload, named from the PUBLIC position,
and shown in the API, OGC items, the list page, the moderation page and exports."""

import csv
import io

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection
from django.test import Client

from geo_participation.campaigns.models import Category
from geo_participation.submissions.models import Submission
from tests.conftest import feature
from tests.export_helpers import body
from tests.page_helpers import plain_static  # noqa: F401 - a fixture
from tests.places_helpers import load_fixture_gazetteer

pytestmark = pytest.mark.usefixtures("plain_static")
URL = "/api/campaigns/fear/submissions/"  # the `campaign` fixture's

LONELY = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" version="1" lat="49.4430" lon="7.7670"/>
  <node id="2" version="1" lat="49.4436" lon="7.7690"/>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/>
    <tag k="highway" v="residential"/><tag k="name" v="Neue Gasse"/></way>
</osm>
"""


def house(gazetteer, name="Fruchthallstraße 3"):
    return list(gazetteer.get(name=name).point.coords)


def post(api, coordinates, category="spot", **answers):
    body = feature({"type": "Point", "coordinates": coordinates}, category=category)
    if answers:
        body["properties"]["answers"] = answers
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def public_nearest(submission) -> str:
    """Return the name nearest to the generalised point, as computed here from the rule."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(max(p.name), '') FROM submissions_submission s"
            " JOIN campaigns_campaign k ON k.id = s.campaign_id"
            " JOIN places_place p ON p.id = gp_place_nearest("
            "   gp_public_point(s.geom_3857, true, k.sensitive_grid_3857))"
            " WHERE s.id = %s",
            [submission.pk],
        )
        return cursor.fetchone()[0]


def test_a_new_submission_is_near_the_nearest_house_or_street(api, campaign, gazetteer):
    created = post(api, house(gazetteer))

    assert created["properties"]["near"] == "Fruchthallstraße 3"
    assert Submission.objects.get(pk=created["id"]).near == "Fruchthallstraße 3"


def test_nowhere_near_a_named_street_is_near_nothing(api, campaign, gazetteer):
    assert post(api, [7.705, 49.405])["properties"]["near"] == ""


def test_a_reload_renames_what_every_submission_is_near(
    api, campaign, make_submission, tmp_path, gazetteer
):
    # Stored before there was anything near, then through two loads of different extracts.
    spot = make_submission(campaign, coordinates=house(gazetteer))
    assert Submission.objects.get(pk=spot.pk).near == ""
    load_fixture_gazetteer()
    assert Submission.objects.get(pk=spot.pk).near == "Fruchthallstraße 3"
    lonely = tmp_path / "lonely.osm"
    lonely.write_text(LONELY, encoding="utf-8")

    call_command("load_places", str(lonely), stdout=io.StringIO())

    assert Submission.objects.get(pk=spot.pk).near == "Neue Gasse"


def test_a_sensitive_place_is_near_what_its_generalised_position_is_near(
    api, campaign, make_category, gazetteer
):
    make_category(campaign, "fear", "point", sensitive=True)
    at_house = house(gazetteer, "Fruchthallstraße 1")
    sensitive = Submission.objects.get(pk=post(api, at_house, category="fear")["id"])
    exact = Submission.objects.get(pk=post(api, at_house)["id"])

    # Named from the cell's point, which is tens of metres away: not the house it stands at.
    assert exact.near == "Fruchthallstraße 1"
    assert sensitive.near == public_nearest(sensitive) != "Fruchthallstraße 1"
    assert sensitive.near


def test_near_follows_the_public_position_when_it_moves(api, campaign, make_category, gazetteer):
    category = make_category(campaign, "fear", "point", sensitive=True)
    sensitive = Submission.objects.get(pk=post(api, house(gazetteer), category="fear")["id"])
    cell_name = sensitive.near

    # Moved 2 m within its cell: the public position, and so the name, stays.
    x, y = house(gazetteer)
    Submission.objects.filter(pk=sensitive.pk).update(geom=Point(x + 0.00003, y, srid=4326))
    assert Submission.objects.get(pk=sensitive.pk).near == cell_name
    # No longer sensitive: named from where it is. The model refuses this once a category has
    # posts (campaigns/schema_changes.py); the database's trigger still follows an operator's
    # direct change.
    Category.objects.filter(pk=category.pk).update(sensitive=False)
    assert Submission.objects.get(pk=sensitive.pk).near == "Fruchthallstraße 3"
    # Moved elsewhere: named from there.
    far = gazetteer.get(name="Königstraße 1").point
    Submission.objects.filter(pk=sensitive.pk).update(geom=far)
    assert Submission.objects.get(pk=sensitive.pk).near == "Königstraße 1"


def test_ogc_items_carry_near(campaign, make_submission, gazetteer):
    make_submission(campaign, coordinates=house(gazetteer))
    load_fixture_gazetteer()

    items = Client().get(f"/ogc/collections/{campaign.slug}/items?f=json").json()

    assert [f["properties"]["near"] for f in items["features"]] == ["Fruchthallstraße 3"]


def test_the_list_and_the_moderation_page_show_near(
    campaign, make_submission, make_user, gazetteer
):
    make_submission(campaign, coordinates=house(gazetteer))
    make_submission(campaign, coordinates=house(gazetteer, "Königstraße 2"), status="pending")
    load_fixture_gazetteer()
    moderator = Client()
    moderator.force_login(make_user("mod", "moderators"))

    listed = Client().get(f"/c/{campaign.slug}/list/").content.decode()
    queue = moderator.get("/moderation/").content.decode()

    assert "<dd>Fruchthallstraße 3</dd>" in listed
    assert "<dd>Königstraße 2</dd>" in queue


def test_exports_have_a_near_column(planner_api, campaign, make_submission, gazetteer):
    make_submission(campaign, coordinates=house(gazetteer))
    load_fixture_gazetteer()

    response = planner_api.get(f"/exports/{campaign.slug}/submissions.csv")

    rows = list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert [row["near"] for row in rows] == ["Fruchthallstraße 3"]
