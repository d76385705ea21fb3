"""Ratings per section (heatmaps.sections through heatmaps.api) equal the database; k holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from geo_participation.errors import Rejected
from geo_participation.submissions.models import Submission
from heatmaps import api, filters
from tests.section_helpers import build_sections, truth


@pytest.fixture
def sections(campaign, make_category):
    return build_sections(campaign, make_category)


def rows(campaign, *, exact, **chosen):
    frame = api.section_layer(campaign, filters.parse(campaign, **chosen), exact=exact)
    return {
        row["id"]: row for row in frame.astype(object).where(frame.notna(), None).to_dict("records")
    }


def test_planners_see_every_number_equal_to_the_database(campaign, sections):
    with CaptureQueriesContext(connection) as queries:
        found = rows(campaign, exact=True)
    assert len(queries) <= 4  # categories, the counting statement, the sections
    assert list(found) == [s.pk for s in sections]
    for section in sections[:2]:
        row, expected = found[section.pk], truth(section)
        assert {key: row[key] for key in expected} == expected
    one, two = found[sections[0].pk], found[sections[1].pk]
    assert (one["ratings"], one["contributors"], one["support_sum"]) == (3, 3, 3)
    assert one["mean"] == one["q_score_mean"] == 4.0
    assert (one["q_better_wide"], one["q_better_light"], one["q_better_surface"]) == (2, 1, 0)
    assert (two["ratings"], two["contributors"], two["mean"]) == (2, 2, 1.5)
    assert found[sections[0].pk]["name"] == "Pirmasenser Straße"
    assert found[sections[0].pk]["layer_name"] == "Fahrradstraßen"
    # The unrated section: no ratings, and no mean of nobody's answers.
    three = found[sections[2].pk]
    assert (three["ratings"], three["contributors"], three["mean"]) == (0, 0, None)


def test_public_numbers_need_k_contributors_per_section_and_per_question(campaign, sections):
    found = rows(campaign, exact=False)
    one, two = found[sections[0].pk], found[sections[1].pk]
    # Three people: shown. "better" was answered by two of them only: its counts are hidden.
    assert (one["ratings"], one["contributors"], one["mean"]) == (3, 3, 4.0)
    assert one["q_score_5"] == 1
    assert one["q_better_wide"] is None and one["q_better_light"] is None
    # Two people: nothing but the section itself.
    place = ("id", "layer", "layer_name", "name", "section", "geometry")
    for row in (two, found[sections[2].pk]):  # nobody is fewer than k too
        assert all(row[key] is None for key in row if key not in place), row
        assert row["name"] == "Pirmasenser Straße"


def test_a_third_contributor_shows_the_section(campaign, sections, make_user):
    two = sections[1]
    frame = api.section_layer(campaign, filters.parse(campaign), exact=False)
    assert frame.attrs["suppressed"] == 2
    Submission.objects.create(
        campaign=campaign,
        category=campaign.categories.get(key="rate"),
        reference=two,
        geom=two.geom.centroid,
        author=make_user("rider-d"),
        status="approved",
        answers={"score": 3},
    )
    campaign.refresh_from_db()
    row = rows(campaign, exact=False)[two.pk]
    assert (row["ratings"], row["contributors"], row["mean"]) == (3, 3, 2.0)
    assert (
        api.section_layer(campaign, filters.parse(campaign), exact=False).attrs["suppressed"] == 1
    )


def test_filters_of_the_dialect_apply(campaign, sections):
    top = rows(campaign, exact=True, answers={"score": "5"})[sections[0].pk]
    assert (top["ratings"], top["mean"]) == (1, 5.0)
    supported = rows(campaign, exact=True, min_support=2)
    assert supported[sections[0].pk]["ratings"] == 1
    assert supported[sections[1].pk]["ratings"] == 1
    other = rows(campaign, exact=True, category="spot")
    assert all(row["ratings"] == 0 for row in other.values())


def test_identity_changes_with_the_version_and_the_viewer(campaign, sections):
    chosen = filters.parse(campaign)
    public = api.section_identity(campaign, chosen, exact=False)
    assert public != api.section_identity(campaign, chosen, exact=True)
    Submission.objects.filter(reference=sections[2]).delete()
    Submission.objects.filter(reference=sections[0], status="pending").update(status="approved")
    campaign.refresh_from_db()
    assert api.section_identity(campaign, chosen, exact=False) != public


def test_other_parameters_are_refused_by_name(campaign, sections):
    with pytest.raises(Rejected) as refused:
        api.section_filters(campaign, {"cell_m": "100"})
    assert refused.value.context["parameter"] == "cell_m"


def test_columns_are_described_in_the_active_language(campaign, sections):
    with translation.override("en"):
        described = dict(
            (name, text)
            for name, _kind, text in api.section_columns(campaign, filters.parse(campaign))
        )
        found = rows(campaign, exact=True)
    assert "What would make it better?" in described["q_better_wide"]
    assert found[sections[0].pk]["layer_name"] == "Bike streets"
    assert found[sections[0].pk]["name"] == "Pirmasenser Street"
