"""Vector tiles: caching, ETags, errors, query counts and index use."""

import re

import pytest
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.test import Client
from rest_framework.test import APIClient

from geo_participation.submissions.models import Submission
from layers.registry import SUBMISSIONS
from layers.tiles.render import tile_statement
from tests.conftest import INSIDE, submissions_url
from tests.tile_helpers import HIGH, LOW, add, features, point, tile_at, url


def test_an_empty_tile_is_204_with_caching_headers(campaign, client):
    response = client.get(f"/tiles/{campaign.slug}/3/0/0.mvt")
    assert response.status_code == 204
    assert response.content == b""
    assert response["ETag"] and response["Cache-Control"] == "public, max-age=60"
    assert response["Vary"] == "Authorization, Cookie, Accept-Encoding"


@pytest.mark.parametrize(
    ("z", "x", "y", "named"),
    [
        ("21", "0", "0", "z must be at most 20"),
        ("3", "8", "0", "x must be below 2^z = 8"),
        ("3", "0", "8", "y must be below"),
        ("-1", "0", "0", "z must not be negative"),
        ("3", "-1", "0", "x must not be negative"),
        ("3", "1.5", "0", "x must be a non-negative integer"),
        ("abc", "0", "0", "z must be a non-negative integer"),
        ("3", "0", "\u0663", "y must be a non-negative integer"),
        ("3", "0", "9" * 5000, "y must be a non-negative integer"),
    ],
)
def test_invalid_tile_addresses_are_400_naming_the_problem(campaign, client, z, x, y, named):
    response = client.get(f"/tiles/{campaign.slug}/{z}/{x}/{y}.mvt")
    assert response.status_code == 400
    assert named in response.json()["detail"]
    assert response.json()["code"] == "invalid_tile"


@pytest.mark.parametrize("slug", ["nope", "%00", "a" * 200, "%C3%A4"])
def test_unknown_campaign_is_404(db, client, slug):
    response = Client(raise_request_exception=False).get(f"/tiles/{slug}/0/0/0.mvt")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_etag_answers_304_before_any_tile_sql(
    campaign, home, scattered, client, django_assert_num_queries
):
    first = client.get(url(campaign, home))
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        with django_assert_num_queries(1):  # the campaign row, nothing else
            again = client.get(url(campaign, home), headers={"If-None-Match": header})
        assert again.status_code == 304
        assert again["ETag"] == etag
    assert client.get(url(campaign, home), headers={"If-None-Match": '"x"'}).status_code == 200


def test_etag_changes_when_published_data_changes(
    campaign, home, scattered, client, moderator_api, make_user
):
    def etag():
        return client.get(url(campaign, home))["ETag"]

    before = etag()
    pending = Submission.objects.filter(status="pending").first()
    assert (
        moderator_api.post(f"/api/moderation/submissions/{pending.pk}/approve/").status_code == 200
    )
    after_approval = etag()
    assert after_approval != before
    supporter = APIClient()
    supporter.get(submissions_url(campaign))  # the client cookie that anonymous support needs
    assert supporter.post(f"/api/submissions/{scattered[0].pk}/support/").status_code == 201
    assert etag() != after_approval
    found = {f["id"]: f for f in features(client.get(url(campaign, home)))}
    assert pending.pk in found and found[scattered[0].pk]["properties"]["support_count"] == 1
    planner = Client()
    planner.force_login(make_user("planner", "planners"))
    assert planner.get(url(campaign, home))["ETag"] != etag()  # another privacy class


def test_query_count_per_tile_is_small_and_constant(
    campaign, home, scattered, settings, django_assert_max_num_queries
):
    settings.GP_TILE_CACHE = False
    for count in (0, 40):
        for i in range(count):
            add(campaign, geom=point(home, 0.01 + i / 50, 0.5))
        for tile in (home, tile_at(*INSIDE, LOW)):
            with django_assert_max_num_queries(2):  # the campaign row and the tile statement
                assert Client().get(url(campaign, tile)).status_code == 200


@pytest.mark.parametrize(
    ("z", "indexes", "unread"),
    [
        (LOW, ["on submissions_tilecell"], "submissions_submission"),
        # The density test reads the cells through their key, the rows the spatial index.
        (HIGH, ["submission_geom_3857_gist", "on submissions_tilecell"], None),
    ],
)
def test_the_tile_statement_filters_with_an_index(campaign, home, scattered, z, indexes, unread):
    # A campaign as the planner meets it in use: most of its places lie outside any one tile,
    # so the campaign index alone selects little. With a dozen rows every plan costs the same
    # and the choice would follow whatever statistics earlier tests left behind.
    category = campaign.categories.get(key="spot")
    Submission.objects.bulk_create(
        Submission(
            campaign=campaign,
            category=category,
            geom=Point(7.71 + (i % 50) * 0.0008, 49.41 + (i // 50) * 0.0008, srid=4326),
            status="approved",
        )
        for i in range(2500)
    )
    sql, params = tile_statement(
        layer=SUBMISSIONS, campaign=campaign, tile=tile_at(*INSIDE, z), exact=False
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE submissions_submission, submissions_tilecell")
        # With sequential and bitmap scans priced out, the plan shows whether an index
        # condition exists and which index serves it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # High zooms read submissions through the spatial index, aggregated ones only the cell
    # table; both read cells by an index condition on campaign, variant, level and the cx/cy
    # ranges. (Whether that is the covering index's index-only scan depends on the visibility
    # map, which rows of an open test transaction never reach: the benchmark's plans show it.)
    assert all(index in plan for index in indexes) and "Seq Scan" not in plan, plan
    assert unread is None or unread not in plan, plan
    cells = [line for line in plan.splitlines() if "on submissions_tilecell" in line]
    assert cells and all("Index" in line for line in cells), plan
    assert re.search(
        r"Index Cond: \(\(campaign_id = \d+\) AND \(exact = false\) AND "
        r"\(level = \d+\) AND \(cx >= \d+\) AND \(cx < \d+\)",
        plan,
    ), plan
    assert "st_transform" not in plan.lower()  # the stored column, never transformed per row


def test_server_side_cache_serves_public_tiles_and_never_exact_ones(
    campaign, home, scattered, settings, make_user, django_assert_max_num_queries
):
    settings.GP_TILE_CACHE = True
    first = Client().get(url(campaign, home))
    with django_assert_max_num_queries(2) as captured:  # campaign row and cache lookup
        second = Client().get(url(campaign, home))
    assert second.content == first.content
    assert not any("ST_AsMVT" in q["sql"] for q in captured.captured_queries)
    planner = Client()
    planner.force_login(make_user("planner", "planners"))
    planner.get(url(campaign, home))
    with django_assert_max_num_queries(6) as captured:
        planner.get(url(campaign, home))
    assert any("ST_AsMVT" in q["sql"] for q in captured.captured_queries)
