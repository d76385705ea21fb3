"""GET /heatmaps/{slug}/sections.geojson: every section, the public k-suppressed, planners not."""

import pytest
from rest_framework.test import APIClient

from geo_participation.submissions.models import Submission
from tests.section_helpers import build_sections, truth

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(campaign, make_category):
    return build_sections(campaign, make_category)


def url(campaign):
    return f"/heatmaps/{campaign.slug}/sections.geojson"


def by_id(body):
    return {f["properties"]["id"]: f for f in body["features"]}


def test_the_public_gets_sections_of_k_contributors_only(anon, campaign, sections):
    response = anon.get(url(campaign))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"].startswith("public")
    assert "Cookie" in response["Vary"]
    body = response.json()
    assert body["parameters"]["k"] == 3 and body["parameters"]["exact"] is False
    assert body["suppressed"] == 2
    found = by_id(body)
    one, two = found[sections[0].pk], found[sections[1].pk]
    assert one["geometry"]["type"] == "LineString"
    assert one["geometry"]["coordinates"][0] == [7.76, 49.44]
    assert (one["properties"]["ratings"], one["properties"]["mean"]) == (3, 4.0)
    assert two["properties"]["name"] == "Pirmasenser Straße"
    assert two["properties"]["ratings"] is None and two["properties"]["mean"] is None


def signed_in(user):
    client = APIClient()
    client.force_login(user)  # a session, as the workspace page has it
    return client


def test_planners_get_every_number_privately(make_user, campaign, sections):
    planner = signed_in(make_user("planner", "planners"))
    response = planner.get(url(campaign))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    found = by_id(response.json())
    for section in sections[:2]:
        expected = truth(section)
        assert {k: found[section.pk]["properties"][k] for k in expected} == expected
    # Someone else signed in is the public.
    other = signed_in(make_user("resident")).get(url(campaign)).json()
    assert by_id(other)[sections[1].pk]["properties"]["ratings"] is None


def test_etag_follows_the_published_ratings(anon, campaign, sections):
    first = anon.get(url(campaign))
    assert anon.get(url(campaign), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    Submission.objects.filter(reference=sections[0], status="pending").update(status="approved")
    second = anon.get(url(campaign), HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert by_id(second.json())[sections[0].pk]["properties"]["ratings"] == 4


def test_filters_apply_and_bad_parameters_are_named(anon, campaign, sections):
    body = anon.get(url(campaign), {"answers.score": "5"}).json()
    assert all(f["properties"]["ratings"] is None for f in body["features"])  # 1 < k
    refused = anon.get(url(campaign), {"cell_m": "200"})
    assert refused.status_code == 400
    assert refused.json()["parameter"] == "cell_m"
    unknown = anon.get(url(campaign), {"category": "nope"})
    assert unknown.status_code == 400 and unknown.json()["parameter"] == "category"
    assert anon.get("/heatmaps/nowhere/sections.geojson").status_code == 404
    assert anon.post(url(campaign)).status_code == 405


def test_a_campaign_without_sections_answers_an_empty_collection(anon, campaign):
    body = anon.get(url(campaign)).json()
    assert body["features"] == [] and body["numberReturned"] == 0


def test_public_numbers_follow_results_visible_and_the_etag_the_flip(
    anon, make_user, campaign, sections
):
    from datetime import timedelta

    from django.utils import timezone

    campaign.results_early = False
    campaign.save()
    hidden = anon.get(url(campaign))
    body = hidden.json()
    assert body["parameters"]["results_visible"] is False and body["suppressed"] == 3
    assert all(f["properties"]["ratings"] is None for f in body["features"])
    assert all(f["properties"]["mean"] is None for f in body["features"])
    planner = signed_in(make_user("planner", "planners")).get(url(campaign)).json()
    assert by_id(planner)[sections[0].pk]["properties"]["ratings"] == 3
    # Closing flips visibility without a version bump: the ETag changes with it.
    campaign.closes_at = timezone.now() - timedelta(seconds=1)
    campaign.save(update_fields=["closes_at"])
    shown = anon.get(url(campaign), HTTP_IF_NONE_MATCH=hidden["ETag"])
    assert shown.status_code == 200 and shown["ETag"] != hidden["ETag"]
    found = by_id(shown.json())
    assert found[sections[0].pk]["properties"]["ratings"] == 3  # k-suppressed, not hidden
    assert found[sections[1].pk]["properties"]["ratings"] is None
