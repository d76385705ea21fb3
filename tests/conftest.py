"""Shared fixtures: a real PostGIS test database, factories and API clients."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from geo_participation.campaigns.models import Campaign, Category
from geo_participation.submissions.models import Submission
from layers.tiles.campaigns import forget_all as forget_tile_campaigns
from tests.places_helpers import gazetteer  # noqa: F401 - a fixture for every test module

# A rectangle around Kaiserslautern's centre (lon 7.70-7.85, lat 49.40-49.48).
AREA = MultiPolygon(Polygon.from_bbox((7.70, 49.40, 7.85, 49.48)), srid=4326)
INSIDE = [7.77, 49.44]

TIME_QUESTION = {
    "key": "time_of_day",
    "label": "When?",
    "type": "time_of_day",
    "required": True,
}
RATING_QUESTION = {"key": "rating", "label": "How bad?", "type": "rating"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Create the shared cache table that throttling uses, as `make` does."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    # Each test starts with no throttle counters, and a generous rate
    # unless the test is about throttling.
    settings.GP_SUBMISSION_RATE = "10000/hour"
    settings.GP_SUPPORT_RATE = "10000/hour"
    settings.GP_BALLOT_RATE = settings.GP_BALLOT_ADDRESS_RATE = "10000/hour"
    # No base map unless a test builds one (tests/layers/basemap/): the developer's own
    # var/basemap.pmtiles must not change what the other tests see.
    settings.GP_BASEMAP_ARCHIVE = "/nonexistent/basemap.pmtiles"
    # Tiles read their campaign on every request unless a test is about the kept metadata
    # (tests/layers/tiles/test_tile_path.py): most tests change a campaign between requests.
    settings.GP_TILE_METADATA_TTL = 0
    forget_tile_campaigns()
    yield
    try:
        cache.clear()
        # The throttles' counters have a table of their own, with no model for a flush to empty.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM throttling_rate_counter")
    except Exception:  # noqa: BLE001 - tests without database access have no cache table
        pass


@pytest.fixture
def make_campaign(db):
    def make(slug="fear", **fields):
        now = timezone.now()
        defaults = {
            "title": slug.title(),
            "area": AREA,
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(days=30),
        }
        defaults.update(fields)
        return Campaign.objects.create(slug=slug, **defaults)

    return make


@pytest.fixture
def make_category(db):
    def make(campaign, key="spot", geometry_kind="point", **fields):
        fields.setdefault("label", key.title())
        return Category.objects.create(
            campaign=campaign, key=key, geometry_kind=geometry_kind, **fields
        )

    return make


@pytest.fixture
def campaign(make_campaign, make_category):
    """An open pre-moderated campaign with point, line and polygon categories."""
    c = make_campaign("fear")
    make_category(c, "spot", "point", questions=[TIME_QUESTION, RATING_QUESTION])
    make_category(c, "route", "line")
    make_category(c, "zone", "polygon")
    return c


def feature(geometry=None, **properties):
    """Return a GeoJSON Feature for the test campaign's point category by default."""
    properties.setdefault("category", "spot")
    if properties["category"] == "spot":
        properties.setdefault("answers", {"time_of_day": "night"})
    return {
        "type": "Feature",
        "geometry": geometry or {"type": "Point", "coordinates": INSIDE},
        "properties": properties,
    }


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def make_user(db):
    def make(username, *groups):
        user = User.objects.create_user(username, password="x-test-password-1")
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        return user

    return make


@pytest.fixture
def moderator_api(make_user):
    client = APIClient()
    client.force_authenticate(make_user("mod", "moderators"))
    return client


def submissions_url(campaign):
    """Return the submissions collection URL of a campaign."""
    return f"/api/campaigns/{campaign.slug}/submissions/"


@pytest.fixture
def make_api():
    """Return a factory of API clients, each with its own cookies, optionally logged in."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def planner_api(make_user, make_api):
    return make_api(make_user("planner", "planners"))


@pytest.fixture
def make_submission(db):
    """Store a submission directly (for setting up reads); intake tests go through the API."""

    def make(campaign, *, category="spot", coordinates=None, status="approved", **fields):
        if status == "rejected":
            fields.setdefault("moderation_reason", "off topic")
        return Submission.objects.create(
            campaign=campaign,
            category=campaign.categories.get(key=category),
            geom=Point(*(coordinates or INSIDE), srid=4326),
            status=status,
            **fields,
        )

    return make


LIGHT_QUESTION = {
    "key": "lit",
    "label": "Is it lit?",
    "type": "single_choice",
    "choices": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
}


NOTE_QUESTION = {"key": "note", "label": "Anything else?", "type": "short_text"}


@pytest.fixture
def intake(campaign, make_category):
    """The test campaign plus point categories with a single-choice and a short-text question."""
    make_category(campaign, "light", "point", questions=[LIGHT_QUESTION])
    make_category(campaign, "remark", "point", questions=[NOTE_QUESTION])
    return campaign


@pytest.fixture
def anon():
    # Server errors come back as 500 responses instead of exceptions, so a test can say so.
    return APIClient(raise_request_exception=False)


@pytest.fixture
def home():
    """The high-zoom tile around INSIDE."""
    # Imported here: tile_helpers itself imports this module.
    from tests.tile_helpers import HIGH, tile_at

    return tile_at(*INSIDE, HIGH)


@pytest.fixture
def scattered(campaign, home):
    """Approved, pending and rejected points in, beside and far from the home tile."""
    from tests.tile_helpers import add, point

    made = []
    for i, (fx, fy) in enumerate([(0.1, 0.1), (0.5, 0.5), (0.9, 0.2), (0.3, 0.95), (0.6, 0.4)]):
        made.append(add(campaign, geom=point(home, fx, fy), support_count=i))
        add(campaign, geom=point(home, fx + 0.01, fy), status="pending")
        add(campaign, geom=point(home, fx, fy + 0.01), status="rejected")
    made.append(add(campaign, geom=point(home, 1.005, 0.5)))  # in the 64-px buffer
    add(campaign, geom=point(home, 1.2, 0.5))  # the next tile, beyond the buffer
    add(campaign, geom=point(home, -3, 7))  # far away
    return made


@pytest.fixture
def browser_tools_required():
    """Fail a browser test whose browser is missing under GP_REQUIRE_BROWSER=1 (make test)."""
    from tests.web_browser import fail_missing_browser_tools

    fail_missing_browser_tools()


@pytest.fixture
def qgis_required():
    """Fail a QGIS test whose python3-qgis is missing under GP_REQUIRE_BROWSER=1 (make test)."""
    from tests.qgis_helpers import fail_missing_qgis

    fail_missing_qgis()
