"""The Kaiserslautern demo data and the seeded submission generator, against real PostGIS."""

import io
import json
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from django.core.management import CommandError, call_command
from django.db import connection

from fixtures.demo import BOUNDARY, CAMPAIGNS, kaiserslautern_area, load_demo
from fixtures.generator import COLUMNS, generate_rows
from fixtures.profiles import HITZEPUNKTE, PLACES
from geo_participation.campaigns.models import Campaign, Participation
from geo_participation.campaigns.questions import clean_answers
from geo_participation.submissions.models import Submission

DEMO_SLUGS = [spec["slug"] for spec in CAMPAIGNS]


def _fetch(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.fixture
def demo(db):
    """Load the demo once for the test and return what it printed."""
    out = io.StringIO()
    load_demo(stdout=out)
    return out.getvalue()


def test_boundary_is_a_valid_hand_drawn_outline():
    area = kaiserslautern_area()
    assert area.valid and area.srid == 4326
    assert 25 <= area.num_coords - 1 <= 40
    minx, miny, maxx, maxy = area.extent
    assert 7.60 <= minx < maxx <= 7.95 and 49.34 <= miny < maxy <= 49.52
    for lon, lat in PLACES.values():
        assert area.contains(Point(lon, lat, srid=4326))
    source = json.loads(BOUNDARY.read_text())["features"][0]["properties"]["source"]
    assert "approximation" in source and "not an official boundary" in source


def test_demo_creates_campaigns_categories_and_accounts(demo):
    campaigns = {c.slug: c for c in Campaign.objects.filter(slug__in=DEMO_SLUGS)}
    assert sorted(campaigns) == sorted(DEMO_SLUGS)
    kinds = {
        slug: {(k.key, k.geometry_kind, k.sensitive) for k in c.categories.all()}
        for slug, c in campaigns.items()
    }
    assert kinds == {
        "angstraeume": {
            ("angstraum-punkt", "point", True),
            ("angstraum-flaeche", "polygon", True),
        },
        "hitzepunkte": {("hitzepunkt", "point", False)},
        "fahrradstrassen": {("fahrradstrasse", "line", False)},
    }
    assert campaigns["angstraeume"].participation == Participation.REGISTERED
    assert all(c.is_open() and c.moderation == "pre" for c in campaigns.values())
    for slug in DEMO_SLUGS:
        assert Submission.objects.filter(campaign__slug=slug).count() == 300
    assert User.objects.get(username="moderator").groups.filter(name="moderators").exists()
    assert User.objects.get(username="planner").groups.filter(name="planners").exists()
    assert "DEMO-ONLY" in demo and "hitzepunkte: approved" in demo


def test_demo_geometries_are_valid_inside_the_area_and_projected(demo):
    [(total, outside, invalid, unprojected)] = _fetch(
        """
        SELECT count(*),
               count(*) FILTER (WHERE NOT ST_CoveredBy(s.geom, c.area)),
               count(*) FILTER (WHERE NOT ST_IsValid(s.geom)),
               count(*) FILTER (WHERE s.geom_3857 IS NULL OR ST_SRID(s.geom_3857) <> 3857)
        FROM submissions_submission s JOIN campaigns_campaign c ON c.id = s.campaign_id
        WHERE c.slug = ANY(%s)
        """,
        [DEMO_SLUGS],
    )
    assert (total, outside, invalid, unprojected) == (900, 0, 0, 0)


def test_demo_answers_fit_the_questions_and_statuses_are_mixed(demo):
    submissions = Submission.objects.filter(campaign__slug__in=DEMO_SLUGS).select_related(
        "category"
    )
    for submission in submissions:
        clean_answers(submission.category.questions, submission.answers)
        assert submission.client_id.startswith("demo-") and submission.author_id is None
        if submission.status == "rejected":
            assert submission.moderation_reason
    approved = submissions.filter(status="approved").count() / submissions.count()
    assert 0.7 < approved < 0.9
    assert submissions.filter(status="pending").exists()


def test_load_demo_twice_leaves_the_same_state(db):
    def state():
        return (
            sorted(
                Submission.objects.filter(campaign__slug__in=DEMO_SLUGS).values_list(
                    "campaign__slug", "category__key", "status"
                )
            ),
            sorted(_fetch("SELECT ST_AsText(geom) FROM submissions_submission")),
            Campaign.objects.count(),
            User.objects.count(),
        )

    call_command("load_demo", count=100, stdout=io.StringIO())
    first = state()
    call_command("load_demo", count=100, stdout=io.StringIO())
    assert state() == first
    assert len(first[0]) == 300


def test_passwords_from_the_environment_are_used_and_not_printed(db, monkeypatch):
    monkeypatch.setenv("GP_DEMO_MODERATOR_PASSWORD", "demo-moderator-secret-1")
    out = io.StringIO()
    load_demo(stdout=out, submissions_per_campaign=10)
    assert User.objects.get(username="moderator").check_password("demo-moderator-secret-1")
    assert "demo-moderator-secret-1" not in out.getvalue()
    assert "$GP_DEMO_MODERATOR_PASSWORD" in out.getvalue()


def _rows(campaign, seed):
    fixed = datetime(2025, 6, 1, 12, tzinfo=UTC)
    chunks = generate_rows(
        campaign=campaign,
        categories=campaign.categories.all(),
        count=150,
        seed=seed,
        now=fixed,
        chunk_size=64,
    )
    return [row for chunk in chunks for row in chunk]


def test_generator_is_reproducible_by_seed(demo):
    campaign = Campaign.objects.get(slug="angstraeume")
    first, again, other = _rows(campaign, 1), _rows(campaign, 1), _rows(campaign, 2)
    geom = COLUMNS.index("geom")
    assert len(first) == 150
    assert first == again
    assert [r[geom] for r in first] != [r[geom] for r in other]


def test_points_cluster_around_the_busiest_hotspot(demo):
    busiest = max(HITZEPUNKTE.hotspots, key=lambda h: h.weight)
    [(near, total, disc_share)] = _fetch(
        """
        SELECT count(*) FILTER (
                   WHERE ST_DWithin(s.geom::geography, ST_MakePoint(%s, %s)::geography, 500)
               ),
               count(*),
               pi() * 500 ^ 2 / ST_Area(c.area::geography)
        FROM submissions_submission s JOIN campaigns_campaign c ON c.id = s.campaign_id
        WHERE c.slug = 'hitzepunkte'
        GROUP BY c.area
        """,
        list(busiest.lonlat),
    )
    # Uniform points would put about disc_share (under 1 %) there; the hotspot draws ~20 %.
    assert disc_share < 0.01
    assert near / total > 10 * disc_share


def test_generate_submissions_appends_lines_and_polygons_of_demo_size(demo):
    out = io.StringIO()
    call_command("generate_submissions", campaign="fahrradstrassen", count=120, seed=5, stdout=out)
    call_command(
        "generate_submissions",
        campaign="angstraeume",
        count=80,
        category="angstraum-flaeche",
        seed=5,
        stdout=out,
    )
    assert "rows/s" in out.getvalue()
    [(lines, short, long, vertices_ok)] = _fetch(
        """
        SELECT count(*), min(ST_Length(geom::geography)), max(ST_Length(geom::geography)),
               bool_and(ST_NPoints(geom) BETWEEN 2 AND 6)
        FROM submissions_submission s JOIN campaigns_campaign c ON c.id = s.campaign_id
        WHERE c.slug = 'fahrradstrassen'
        """
    )
    assert lines == 420 and vertices_ok
    assert 99 < short and long < 805
    [(polygons, smallest, largest, corners_ok)] = _fetch(
        """
        SELECT count(*), min(ST_Area(geom::geography)), max(ST_Area(geom::geography)),
               bool_and(ST_NPoints(geom) BETWEEN 5 AND 6)
        FROM submissions_submission s JOIN campaigns_campaign k ON k.id = s.campaign_id
        WHERE k.slug = 'angstraeume' AND ST_GeometryType(geom) = 'ST_Polygon'
        """
    )
    assert polygons >= 80 and corners_ok
    # 20-80 m across: no bigger than the 40 m circle, no smaller than a thin sliver.
    assert 50 < smallest and largest < 3.15 * 40**2


def test_generate_submissions_names_unknown_campaigns_and_categories(demo):
    with pytest.raises(CommandError, match="No campaign"):
        call_command("generate_submissions", campaign="nope", count=1)
    with pytest.raises(CommandError, match="hitzepunkt"):
        call_command("generate_submissions", campaign="hitzepunkte", count=1, category="x")
