"""One filter dialect for the density and cell layers: the period rule, time zones, the alias."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from geo_participation.submissions.models import Submission
from heatmaps.kde.cache import grids
from tests.aggregate_helpers import place_many
from tests.export_helpers import body

pytestmark = pytest.mark.django_db
SPOT = (7.775, 49.44)
MICROSECOND = timedelta(microseconds=1)


@pytest.fixture(autouse=True)
def berlin(settings):
    settings.TIME_ZONE = "Europe/Berlin"  # 2026-05-01 is summer time there: +02:00
    grids.clear_local()


def created_at(campaign, when: datetime, n: int = 3, **fields):
    """Store n published places (distinct contributors, so k = 3 shows them) made at when."""
    rows = place_many(campaign, [SPOT] * n, who=lambda i: f"{when.isoformat()}-{i}", **fields)
    Submission.objects.filter(pk__in=[r.pk for r in rows]).update(created_at=when)
    campaign.refresh_from_db()  # the triggers bumped published_version


def kde_places(anon, campaign, query):
    response = anon.get(f"/heatmaps/{campaign.slug}/kde/legend.json", query)
    assert response.status_code == 200, response.content
    return response.json()["places"]


def grid_count(anon, campaign, query):
    response = anon.get(f"/heatmaps/{campaign.slug}/grid.geojson", {"cell_m": 5000, **query})
    assert response.status_code == 200, response.content
    return sum(f["properties"]["count"] for f in response.json()["features"])


COUNTERS = (kde_places, grid_count)


@pytest.mark.parametrize("count", COUNTERS)
def test_since_is_inclusive_and_until_exclusive(anon, campaign, count):
    since = datetime(2026, 4, 30, 22, tzinfo=UTC)  # 2026-05-01 00:00 in Berlin
    until = datetime(2026, 5, 31, 22, tzinfo=UTC)  # 2026-06-01 00:00 in Berlin
    created_at(campaign, since - MICROSECOND)  # before: out
    created_at(campaign, since)  # exactly since: in
    created_at(campaign, until - MICROSECOND)  # the last moment: in
    created_at(campaign, until)  # exactly until: out
    assert count(anon, campaign, {}) == 12
    assert count(anon, campaign, {"since": "2026-05-01", "until": "2026-06-01"}) == 6
    exact = {"since": since.isoformat(), "until": until.isoformat()}
    assert count(anon, campaign, exact) == 6
    assert count(anon, campaign, {"until": "2026-05-01"}) == 3
    assert count(anon, campaign, {"since": "2026-06-01"}) == 3


@pytest.mark.parametrize("count", COUNTERS)
def test_a_naive_date_time_is_in_the_time_zone_an_aware_one_keeps_its_offset(anon, campaign, count):
    created_at(campaign, datetime(2026, 5, 1, 7, 59, 59, tzinfo=UTC))
    created_at(campaign, datetime(2026, 5, 1, 8, 0, tzinfo=UTC))  # 10:00 in Berlin
    created_at(campaign, datetime(2026, 5, 1, 9, 30, tzinfo=UTC))
    assert count(anon, campaign, {"since": "2026-05-01T10:00:00"}) == 6
    assert count(anon, campaign, {"since": "2026-05-01T10:00:00+02:00"}) == 6
    assert count(anon, campaign, {"since": "2026-05-01T10:00:00Z"}) == 0
    assert count(anon, campaign, {"since": "2026-05-01T08:00:00+00:00"}) == 6
    assert count(anon, campaign, {"until": "2026-05-01T10:00:00"}) == 3
    assert count(anon, campaign, {"since": "2026-05-01"}) == 9


@pytest.mark.parametrize(
    "endpoint", ["kde/contours.geojson", "kde.tif", "grid.geojson", "clusters.geojson"]
)
def test_the_deprecated_answer_alias_answers_identically(anon, campaign, endpoint):
    created_at(campaign, datetime(2026, 5, 1, tzinfo=UTC), 5, answers={"time_of_day": "night"})
    created_at(campaign, datetime(2026, 5, 2, tzinfo=UTC), 4, answers={"time_of_day": "evening"})
    created_at(campaign, datetime(2026, 5, 3, tzinfo=UTC), 3, answers={"time_of_day": "daytime"})
    url = f"/heatmaps/{campaign.slug}/{endpoint}"
    pairs = [
        ("answer=time_of_day:night", "answers.time_of_day=night"),
        (
            "answer=time_of_day:night&answer=time_of_day:evening",
            "answers.time_of_day=night&answers.time_of_day=evening",
        ),
    ]
    bodies = set()
    for old, new in pairs:
        deprecated, canonical = anon.get(f"{url}?{old}"), anon.get(f"{url}?{new}")
        assert deprecated.status_code == canonical.status_code == 200, canonical.content[:300]
        assert deprecated.content == canonical.content
        assert deprecated["ETag"] == canonical["ETag"]
        bodies.add(canonical.content)
    assert len(bodies) == 2  # the two filters do differ


def test_the_alias_and_the_canonical_spelling_refuse_alike(anon, campaign):
    url = f"/heatmaps/{campaign.slug}/grid.geojson"
    old = anon.get(url, {"answer": "time_of_day:noon"}).json()
    new = anon.get(url, {"answers.time_of_day": "noon"}).json()
    assert old == new and new["parameter"] == "answers.time_of_day"


def test_the_submission_export_speaks_the_same_filters(planner_api, campaign):
    created_at(campaign, datetime(2026, 5, 1, 7, 59, tzinfo=UTC), answers={"time_of_day": "night"})
    created_at(campaign, datetime(2026, 5, 1, 8, 0, tzinfo=UTC), answers={"time_of_day": "night"})
    created_at(campaign, datetime(2026, 5, 2, tzinfo=UTC), 2, answers={"time_of_day": "evening"})
    url = f"/exports/{campaign.slug}/submissions.geojson"

    def rows(query):
        response = planner_api.get(url, query)
        assert response.status_code == 200, response.content
        return len(json.loads(body(response))["features"])

    assert rows({}) == 8
    assert rows({"since": "2026-05-01T10:00:00", "until": "2026-05-02T02:00:00+02:00"}) == 3
    assert rows({"answer": "time_of_day:evening"}) == rows({"answers.time_of_day": "evening"}) == 2
    assert rows({"category": "spot,zone", "answers.time_of_day": ["night", "evening"]}) == 8
    refused = planner_api.get(url, {"until": "2026-13-01"})
    assert refused.status_code == 400 and refused.json()["parameter"] == "until"
