"""A campaign whose residents rate sections takes no free posts: a rating without its section
would count in the totals but in no section, and escape "one rating per section"."""

from django.test import Client

from geo_participation.submissions.models import Submission


def test_a_free_post_into_a_sections_campaign_is_refused_and_nothing_stored(rated, anon):
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [7.74, 49.45]},
        "properties": {"category": "rating", "answers": {"score": 1}},
    }
    response = anon.post(f"/api/campaigns/{rated.slug}/submissions/", feature, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "rate_a_section"
    assert "Abschnitt" in response.json()["detail"] or "section" in response.json()["detail"]
    assert not Submission.objects.filter(campaign=rated).exists()


def test_the_pages_offer_no_form_without_the_map(rated, make_campaign, make_category):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    response = client.get(f"/c/{rated.slug}/add/")
    assert response.status_code == 302 and response["Location"] == f"/c/{rated.slug}/"
    listing = client.get(f"/c/{rated.slug}/list/")
    assert f"/c/{rated.slug}/add/" not in listing.content.decode()
    # A campaign without sections still has both.
    plain = make_campaign("plain")
    make_category(plain, "spot", "point")
    assert client.get("/c/plain/add/").status_code == 200
    assert "/c/plain/add/" in client.get("/c/plain/list/").content.decode()


def test_a_poll_has_no_reference_layers_page(make_campaign, make_user):
    poll = make_campaign("umfrage", kind="poll")
    client = Client()
    client.force_login(make_user("manager", "campaign_managers"))
    assert client.get(f"/einrichten/{poll.slug}/referenzen/").status_code == 404
