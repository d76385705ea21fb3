"""The references API: sections as GeoJSON, and one's own rating through GET, PUT and DELETE."""

from datetime import timedelta

import pytest
from django.utils import timezone

from geo_participation.submissions.models import Submission

from .conftest import rating


def sections_url(campaign):
    return f"/api/campaigns/{campaign.slug}/references/"


def rating_url(section):
    return f"/api/campaigns/{section.campaign.slug}/references/{section.pk}/rating/"


def test_sections_are_a_feature_collection_in_order(rated, anon):
    response = anon.get(sections_url(rated))
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection"
    sections = [f["properties"]["section"] for f in body["features"]]
    assert sections == [1, 2]
    first = body["features"][0]
    assert first["geometry"]["type"] == "LineString"
    assert first["properties"]["name"] == "Pirmasenser Straße"
    assert first["properties"]["layer_name"] == "Fahrradstraßen"
    assert first["properties"]["kind"] == "line"


def test_a_drafts_sections_and_ratings_are_not_found(rated, west, anon):
    rated.draft = True
    rated.save()
    assert anon.get(sections_url(rated)).json()["code"] == "not_found"
    response = anon.put(rating_url(west), rating(3), format="json")
    assert response.status_code == 404
    assert not Submission.objects.exists()


def test_put_creates_then_replaces_and_get_reads_it_back(west, make_api):
    client = make_api()
    created = client.put(rating_url(west), rating(2), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["properties"]["reference"] == west.pk
    assert created.json()["properties"]["status"] == "pending"
    replaced = client.put(rating_url(west), rating(5, comment="gut"), format="json")
    assert replaced.status_code == 200
    assert replaced.json()["id"] == created.json()["id"]
    mine = client.get(rating_url(west)).json()
    assert mine["properties"]["answers"] == {"score": 5}
    assert mine["properties"]["comment"] == "gut"
    assert Submission.objects.filter(reference=west).count() == 1


def test_another_client_has_no_rating_and_cannot_withdraw_mine(west, make_api):
    mine, theirs = make_api(), make_api()
    assert mine.put(rating_url(west), rating(2), format="json").status_code == 201
    assert theirs.get(rating_url(west)).json()["code"] == "no_rating"
    assert theirs.delete(rating_url(west)).status_code == 404
    assert mine.delete(rating_url(west)).status_code == 204
    assert not Submission.objects.exists()
    assert mine.get(rating_url(west)).status_code == 404


def test_a_section_of_another_campaign_is_not_found(west, make_campaign, make_api):
    other = make_campaign("other")
    url = f"/api/campaigns/{other.slug}/references/{west.pk}/rating/"
    response = make_api().put(url, rating(3), format="json")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize(
    "body, code",
    [
        (rating(0), "invalid_answers"),
        ({"type": "FeatureCollection"}, "not_a_feature"),
        (
            rating(3, geometry={"type": "Point", "coordinates": [7.765, 49.45]}),
            "too_far_from_section",
        ),
        (rating(3, geometry="POINT(7.765 49.44)"), "geometry_not_geojson"),
    ],
)
def test_bad_ratings_are_refused_in_the_error_shape(west, anon, body, code):
    response = anon.put(rating_url(west), body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"]


def test_a_closed_campaign_keeps_ones_rating_readable_but_unchangeable(west, make_api):
    client = make_api()
    client.put(rating_url(west), rating(2), format="json")
    campaign = west.campaign
    campaign.closes_at = timezone.now() - timedelta(seconds=1)
    campaign.save()
    assert client.get(rating_url(west)).status_code == 200
    refused = client.put(rating_url(west), rating(4), format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "campaign_not_open")
    assert client.delete(rating_url(west)).status_code == 403


def test_published_ratings_are_listed_with_their_section_and_pending_ones_are_not(
    west, make_api, anon
):
    client = make_api()
    client.put(rating_url(west), rating(2), format="json")
    listed = anon.get(f"/api/campaigns/{west.campaign.slug}/submissions/").json()
    assert listed["features"] == []
    Submission.objects.update(status="approved")
    listed = anon.get(f"/api/campaigns/{west.campaign.slug}/submissions/").json()
    assert [f["properties"]["reference"] for f in listed["features"]] == [west.pk]


def test_a_rejected_rating_is_refused_409_in_german_with_its_reason(west, make_api):
    client = make_api()
    created = client.put(rating_url(west), rating(2), format="json").json()
    Submission.objects.filter(pk=created["id"]).update(
        status="rejected", moderation_reason="Beleidigung"
    )
    refused = client.put(rating_url(west), rating(4), format="json", HTTP_ACCEPT_LANGUAGE="de")
    assert (refused.status_code, refused.json()["code"]) == (409, "rating_rejected")
    assert "abgelehnt" in refused.json()["detail"]
    assert "Beleidigung" in refused.json()["detail"]
    assert client.get(rating_url(west)).json()["properties"]["status"] == "rejected"
    assert client.delete(rating_url(west)).status_code == 204


def test_a_cookieless_anonymous_put_is_refused_and_stores_nothing(west, anon):
    # anon sends no client cookie: every PUT would otherwise be a new person's rating.
    for _ in range(2):
        anon.cookies.clear()
        response = anon.put(rating_url(west), rating(3), format="json")
        assert (response.status_code, response.json()["code"]) == (400, "client_cookie_required")
    assert not Submission.objects.exists()


def test_a_sensitive_rating_names_its_section_only_to_planners_and_its_author(
    west, make_api, anon, make_user
):
    west.campaign.categories.filter(key="rating").update(sensitive=True)
    author = make_api()
    author.put(rating_url(west), rating(2), format="json")
    Submission.objects.update(status="approved")
    url = f"/api/campaigns/{west.campaign.slug}/submissions/"
    public = anon.get(url).json()["features"]
    assert [(f["properties"]["reference"], f["properties"]["generalised"]) for f in public] == [
        (None, True)
    ]
    planner = make_api(make_user("planner", "planners")).get(url).json()["features"]
    assert [f["properties"]["reference"] for f in planner] == [west.pk]
    assert [f["properties"]["reference"] for f in author.get(url).json()["features"]] == [west.pk]
