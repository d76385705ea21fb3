"""OGC API - Features items: content, paging, bbox, datetime, category, limits and refusals."""

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.gis.geos import GEOSGeometry, Polygon
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.dateparse import parse_datetime

from geo_participation.submissions.models import Submission
from layers.ogcapi import params as ogc_params

ITEMS = "/ogc/collections/fear/items"
LINE = {"type": "LineString", "coordinates": [[7.71, 49.41], [7.84, 49.47]]}
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def spread(campaign, make_submission, make_campaign, make_category):
    """23 approved points on a grid over the area, created an hour apart, plus noise."""
    approved = []
    for i in range(23):
        lon, lat = 7.705 + (i % 6) * 0.025, 49.405 + (i // 6) * 0.02
        sub = make_submission(campaign, coordinates=[lon, lat], comment=f"spot {i}")
        approved.append(sub)
    for i, sub in enumerate(approved):
        Submission.objects.filter(pk=sub.pk).update(created_at=T0 + timedelta(hours=i))
    make_submission(campaign, status="pending")
    make_submission(campaign, status="rejected")
    other = make_campaign("other")
    make_category(other, "spot")
    make_submission(other)
    return approved


def ids_of(response):
    assert response.status_code == 200, response.content
    return [f["id"] for f in response.json()["features"]]


def approved_ids(campaign):
    return set(
        Submission.objects.filter(campaign=campaign, status="approved").values_list("id", flat=True)
    )


def link(body, rel):
    found = [item for item in body["links"] if item["rel"] == rel]
    return found[0] if found else None


def test_items_are_a_geojson_feature_collection_of_approved_submissions(client, spread, campaign):
    response = client.get(ITEMS, {"limit": 100})
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert set(ids_of(response)) == approved_ids(campaign)
    assert body["numberMatched"] == body["numberReturned"] == 23
    assert abs(parse_datetime(body["timeStamp"]) - datetime.now(UTC)) < timedelta(minutes=1)
    first = body["features"][0]
    assert first["type"] == "Feature" and first["geometry"]["type"] == "Point"
    assert set(first["properties"]) == {
        "category",
        "comment",
        "near",
        "answers",
        "support_count",
        "created",
        "generalised",
        "public_status",
        "public_status_label",
        "answer",
        "responded_at",
    }
    assert first["properties"]["category"] == "spot"
    assert parse_datetime(first["properties"]["created"]) == T0
    assert first["properties"]["generalised"] is False


def test_answers_are_a_nested_object_per_question(client, campaign, make_submission):
    make_submission(campaign, answers={"time_of_day": "night", "rating": 4})
    props = client.get(ITEMS).json()["features"][0]["properties"]
    assert props["answers"] == {"time_of_day": "night", "rating": 4}


def test_default_page_is_ten_with_a_next_link(client, spread):
    body = client.get(ITEMS).json()
    assert body["numberReturned"] == 10 and body["numberMatched"] == 23
    assert parse_qs(urlsplit(link(body, "next")["href"]).query)["offset"] == ["10"]
    assert link(body, "prev") is None


def walk(client, url):
    """Follow next links from url; return every feature id seen and the pages."""
    seen, pages = [], 0
    while url:
        body = client.get(url).json()
        seen.extend(f["id"] for f in body["features"])
        pages += 1
        nxt = link(body, "next")
        assert nxt is None or nxt["type"] == "application/geo+json"
        url = nxt["href"] if nxt else None
        assert pages < 50
    return seen, pages


def test_paging_through_next_links_returns_each_feature_exactly_once(client, spread, campaign):
    seen, pages = walk(client, f"http://testserver{ITEMS}?limit=5")
    assert pages == 5
    assert len(seen) == len(set(seen)) == 23
    assert set(seen) == approved_ids(campaign)
    assert seen == sorted(seen)


def test_walking_ids_in_order_returns_the_same_pages(client, spread, campaign):
    url = f"http://testserver{ITEMS}?limit=4&bbox=7.7,49.4,7.8,49.48"
    planned, _ = walk(client, url)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE submissions_submission")  # gives the planner its row estimate
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        walked, _ = walk(client, url)
    assert any("enable_sort = off" in q["sql"] for q in queries.captured_queries)
    assert walked == planned and len(planned) > 8


def test_next_and_prev_keep_the_other_parameters(client, spread):
    query = {"limit": 3, "offset": 3, "category": "spot", "bbox": "7.7,49.4,7.85,49.48"}
    body = client.get(ITEMS, query).json()
    for rel, offset in (("next", "6"), ("prev", "0")):
        params = parse_qs(urlsplit(link(body, rel)["href"]).query)
        assert params["offset"] == [offset]
        assert params["limit"] == ["3"]
        assert params["category"] == ["spot"]
        assert params["bbox"] == ["7.7,49.4,7.85,49.48"]
    seen, _ = walk(client, link(body, "next")["href"])
    assert len(seen) == 23 - 6


def test_limit_above_the_maximum_is_clamped_not_refused(client, spread, monkeypatch):
    response = client.get(ITEMS, {"limit": "1000000000000000000000"})
    assert response.status_code == 200 and len(ids_of(response)) == 23
    monkeypatch.setattr(ogc_params, "MAX_LIMIT", 4)
    body = client.get(ITEMS, {"limit": 20000}).json()
    assert body["numberReturned"] == 4
    assert parse_qs(urlsplit(link(body, "next")["href"]).query)["offset"] == ["4"]
    assert ogc_params.parse_limit("20000") == 4


@pytest.mark.parametrize(
    "query",
    [
        {"limit": "0"},
        {"limit": "-1"},
        {"limit": "abc"},
        {"limit": "1.5"},
        {"limit": ""},
        {"limit": "1e3"},
        {"offset": "-1"},
        {"offset": "x"},
        {"offset": str(2**63)},
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "7.8,49.4,7.7,49.5"},
        {"bbox": "7.7,49.5,7.8,49.4"},
        {"bbox": "-200,0,10,10"},
        {"bbox": "nan,49.4,7.8,49.5"},
        {"bbox": "7.7,49.4,inf,49.5"},
        {"bbox": "7.7,49.4,0,7.8,49.5,10"},
        {"bbox": ""},
        {"bbox": "7.7,49.4,7.8,49.5", "bbox-crs": "EPSG:4326"},
        {
            "bbox": "1e300,1e300,2e300,2e300",
            "bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/25832",
        },
        {"crs": "http://www.opengis.net/def/crs/EPSG/0/3857"},
        {"crs": ""},
        {"datetime": "yesterday"},
        {"datetime": "2026-03-01T12:00:00"},
        {"datetime": "2026-13-01T00:00:00Z"},
        {"datetime": "2026-03-01T25:00:00Z"},
        {"datetime": "2026-03-02T00:00:00Z/2026-03-01T00:00:00Z"},
        {"datetime": "2026-03-01T12:00:00Z/2026-03-01T13:00:00Z/x"},
        {"datetime": "9999-12-31"},
        {"datetime": "0001-01-01T00:00:00+23:59"},
        {"datetime": "9999-12-31T23:59:59-23:59"},
        {"category": "nope"},
        {"category": "sp\x00ot"},
        {"f": "geojson2"},
    ],
)
def test_invalid_values_are_400_with_an_exception_body(client, spread, query):
    response = client.get(ITEMS, query)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "InvalidParameterValue" and body["description"]


def test_an_unknown_category_names_the_known_ones(client, spread):
    description = client.get(ITEMS, {"category": "nope"}).json()["description"]
    assert "nope" in description
    assert all(key in description for key in ("spot", "route", "zone"))


def test_a_plus_decoded_to_a_space_gets_a_hint(client, spread):
    response = client.get(f"{ITEMS}?datetime=2026-03-01T13:00:00+01:00")
    assert response.status_code == 400
    assert "%2B" in response.json()["description"]


def test_category_filters(client, campaign, make_submission):
    spot = make_submission(campaign)
    route = make_submission(campaign, category="route")
    assert ids_of(client.get(ITEMS, {"category": "spot"})) == [spot.pk]
    assert ids_of(client.get(ITEMS, {"category": "route"})) == [route.pk]
    assert ids_of(client.get(ITEMS, {"category": "zone"})) == []


def sql_bbox_ids(campaign, minx, miny, maxx, maxy, srid=4326):
    """Return the approved ids whose geometry intersects the box, asked of PostGIS directly."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM submissions_submission WHERE campaign_id = %s AND status = 'approved' "
            "AND ST_Intersects(ST_Transform(geom, %s), ST_MakeEnvelope(%s, %s, %s, %s, %s))",
            [campaign.pk, srid, minx, miny, maxx, maxy, srid],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def shapes(spread, campaign, make_submission):
    """The grid plus a long line and a polygon, to test intersection rather than containment."""
    line = make_submission(campaign, category="route")
    Submission.objects.filter(pk=line.pk).update(geom=GEOSGeometry(json.dumps(LINE), srid=4326))
    zone = make_submission(campaign, category="zone")
    square = Polygon.from_bbox((7.80, 49.45, 7.84, 49.47))
    square.srid = 4326
    Submission.objects.filter(pk=zone.pk).update(geom=square)
    return spread


@pytest.mark.parametrize(
    "box",
    [
        (7.70, 49.40, 7.85, 49.48),
        (7.70, 49.40, 7.76, 49.44),
        (7.75, 49.42, 7.79, 49.43),
        (7.83, 49.46, 7.835, 49.465),
        (7.72, 49.445, 7.73, 49.447),
        (0.0, 0.0, 1.0, 1.0),
    ],
)
def test_bbox_returns_what_postgis_st_intersects_returns(client, shapes, campaign, box):
    expected = sql_bbox_ids(campaign, *box)
    got = ids_of(client.get(ITEMS, {"bbox": ",".join(map(str, box)), "limit": 1000}))
    assert set(got) == expected
    assert client.get(ITEMS, {"bbox": ",".join(map(str, box))}).json()["numberMatched"] == len(
        expected
    )


def test_bbox_in_epsg_4326_is_latitude_first(client, shapes, campaign):
    box = (7.70, 49.40, 7.76, 49.44)
    lat_first = f"{box[1]},{box[0]},{box[3]},{box[2]}"
    crs = "http://www.opengis.net/def/crs/EPSG/0/4326"
    got = ids_of(client.get(ITEMS, {"bbox": lat_first, "bbox-crs": crs, "limit": 100}))
    assert set(got) == sql_bbox_ids(campaign, *box) != set()


def test_bbox_in_utm_32n_matches_postgis_in_utm(client, shapes, campaign):
    box = (405000, 5472000, 412000, 5478000)
    crs = "http://www.opengis.net/def/crs/EPSG/0/25832"
    query = {"bbox": ",".join(map(str, box)), "bbox-crs": crs, "limit": 100}
    got = ids_of(client.get(ITEMS, query))
    assert set(got) == sql_bbox_ids(campaign, *box, srid=25832) != set()


@pytest.mark.parametrize(
    ("value", "hours"),
    [
        ("2026-03-01T12:00:00Z", [0]),
        ("2026-03-01T13:00:00+01:00", [0]),
        ("2026-03-01T12:00:00.000Z", [0]),
        ("2026-03-01t15:00:00z", [3]),
        ("2026-03-01T14:00:00Z/2026-03-01T16:00:00Z", [2, 3, 4]),
        ("../2026-03-01T13:00:00Z", [0, 1]),
        ("/2026-03-01T13:00:00Z", [0, 1]),
        ("2026-03-02T09:00:00Z/..", [21, 22]),
        ("2026-03-02T09:00:00Z/", [21, 22]),
        ("2026-03-01", list(range(12))),
        ("2026-03-02/..", list(range(12, 23))),
        ("../2026-03-01", list(range(12))),
        ("2027-01-01T00:00:00Z/..", []),
    ],
)
def test_datetime_instants_and_intervals_filter_created(client, spread, value, hours):
    expected = {spread[h].pk for h in hours}
    response = client.get(ITEMS, {"datetime": value, "limit": 100})
    assert set(ids_of(response)) == expected


def test_one_feature_by_id(client, spread):
    target = spread[4]
    response = client.get(f"{ITEMS}/{target.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["id"] == target.pk and body["properties"]["comment"] == "spot 4"
    assert body["geometry"]["coordinates"] == pytest.approx(list(target.geom.coords))
    assert {item["rel"] for item in body["links"]} >= {"self", "alternate", "collection"}


def test_features_that_are_not_published_here_are_404(client, spread, campaign, make_submission):
    pending = make_submission(campaign, status="pending")
    rejected = make_submission(campaign, status="rejected")
    elsewhere = Submission.objects.exclude(campaign=campaign).get()
    for feature_id in (pending.pk, rejected.pk, elsewhere.pk, 0, -1, "abc", 2**70, "1.0", "01"):
        response = client.get(f"{ITEMS}/{feature_id}")
        assert response.status_code == 404, feature_id
        assert response.json()["code"] == "NotFound"


def test_query_count_is_small_and_does_not_grow_with_the_page(client, spread, campaign):
    counts = []
    for limit in (2, 20):
        cache.clear()  # both requests count (the count is cached per filter, not per page)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(ITEMS, {"limit": limit}).status_code == 200
        counts.append(len(queries))
    with CaptureQueriesContext(connection) as again:
        client.get(ITEMS, {"limit": 20, "offset": 2})
    with CaptureQueriesContext(connection) as one:
        client.get(f"{ITEMS}/{spread[0].pk}")
    # Campaign, count, row estimate, planner settings, page, and the database cache's own
    # queries (savepoints included); never one per feature. With the count cached, fewer.
    assert counts[0] == counts[1] <= 16
    assert len(again) <= 10
    assert len(one) <= 3


def test_the_count_is_reused_only_while_the_published_data_is_unchanged(client, spread, campaign):
    assert client.get(ITEMS, {"limit": 5}).json()["numberMatched"] == 23
    Submission.objects.filter(pk=spread[0].pk).update(status="rejected", moderation_reason="x")
    assert client.get(ITEMS, {"limit": 5}).json()["numberMatched"] == 22


def test_html_items_escape_what_citizens_wrote(client, campaign, make_submission):
    make_submission(campaign, comment="<script>alert(1)</script>")
    page = client.get(ITEMS, {"f": "html"}).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_html_paging_links_stay_html(client, spread):
    response = client.get(ITEMS, {"f": "html", "limit": 5})
    assert response.status_code == 200
    page = response.content.decode()
    assert "offset=5" in page and "f=html" in page
