"""since/until at the edges: offsets PostgreSQL cannot store, the ends of the calendar, odd text.

Every moment is turned into UTC before it reaches PostgreSQL, so an RFC 3339 offset beyond
±15:59 (which PostgreSQL's timestamptz input refuses) names its moment like any other; what
Python cannot read is a 400 invalid_parameter naming the parameter, on every endpoint.
"""

from datetime import UTC, datetime

import pytest

from tests.heatmaps.test_heatmaps_filters import created_at

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/heatmaps/fear/kde/legend.json",
    "/heatmaps/fear/kde/legend.png",
    "/heatmaps/fear/kde/contours.geojson",
    "/heatmaps/fear/kde.tif",
    "/heatmaps/fear/kde/14/8545/5608.png",
    "/heatmaps/fear/grid.geojson",
    "/heatmaps/fear/hotspots.geojson",
    "/heatmaps/fear/clusters.geojson",
    "/exports/fear/contours.geojson",
    "/exports/fear/grid.geojson",
]
# The moment each names, in UTC.
BEYOND_POSTGRESQL = {
    "2026-05-01T00:00:00+16:00": datetime(2026, 4, 30, 8, tzinfo=UTC),
    "2026-05-01T00:00:00-23:59": datetime(2026, 5, 1, 23, 59, tzinfo=UTC),
    "2026-05-01T00:00:00+23:59:59.999999": datetime(2026, 4, 30, 0, 0, 0, 1, tzinfo=UTC),
}
UNREADABLE = [
    "2026-05-01T00:00:00+99:00",  # no offset of a day or more
    "2026-05-01T00:00:00+24:00",
    "2026-05-01T00:00:00 16:00",  # an unescaped '+' in a URL
    "2026-05-01T24:00:00",
    "2026-05-01T00:00:00\x00",  # fromisoformat() alone would overlook the NUL
    "２０２６-05-01",
    "0000-01-01",
    "0001-01-01T00:00:00+01:00",  # before year 1 in UTC
    "9999-12-31T23:59:59.999999-01:00",  # after year 9999 in UTC
    "1899-12-31T23:59:59.999999Z",  # outside the period a filter may name
    "9999-01-01T00:00:00Z",
    "2026-05-01T00:00:00.",
    "x" * 10_000,
]


def get(client, url, query):
    response = client.get(url, query)
    assert response.status_code != 500
    return response


@pytest.fixture
def places(campaign):
    created_at(campaign, datetime(2026, 4, 30, 12, tzinfo=UTC), 5)
    return campaign


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("name", ["since", "until"])
def test_offsets_postgresql_cannot_store_name_their_moment(planner_api, places, url, name):
    for text in BEYOND_POSTGRESQL:
        response = get(planner_api, url, {name: text})
        assert response.status_code in (200, 204), (text, response.status_code)


@pytest.mark.parametrize("name", ["since", "until"])
def test_an_offset_beyond_postgresql_is_the_same_moment_in_utc(planner_api, places, name):
    for text, moment in BEYOND_POSTGRESQL.items():
        response = get(planner_api, ENDPOINTS[0], {name: text})
        assert response.json()["parameters"][name] == moment.isoformat()
        same = get(planner_api, ENDPOINTS[0], {name: moment.isoformat()})
        assert response.json()["places"] == same.json()["places"]
    # Noon of 2026-04-30 UTC is after +16:00's midnight and before -23:59's.
    assert (
        get(planner_api, ENDPOINTS[0], {"since": "2026-05-01T00:00:00+16:00"}).json()["places"] == 5
    )


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("name", ["since", "until"])
def test_unreadable_moments_are_refused_naming_the_parameter(planner_api, places, url, name):
    for text in UNREADABLE:
        response = get(planner_api, url, {name: text})
        assert response.status_code == 400, (text, response.status_code)
        body = response.json()
        assert (body["code"], body["parameter"]) == ("invalid_parameter", name), text
        assert body["detail"].startswith(f"{name}: ")


def test_an_unescaped_plus_is_explained(anon, places):
    response = get(anon, ENDPOINTS[0], {"since": "2026-05-01T00:00:00 16:00"})
    assert "%2B" in response.json()["detail"]
