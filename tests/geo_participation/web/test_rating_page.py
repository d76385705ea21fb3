"""The map page of a campaign with sections to rate, as Django renders it, and its map style."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client

from geo_participation.campaigns.models import Participation
from tests.geo_participation.references import conftest as references
from tests.geo_participation.references.conftest import BETTER, SCALE, rating
from tests.geo_participation.references.test_references_api import rating_url

pytestmark = pytest.mark.django_db
# The references tests' campaign: a street of two sections and a rating category.
rated, west, east = references.rated, references.west, references.east  # fixtures


@pytest.fixture
def client(settings):
    # Hashed names need collectstatic's manifest; these tests render pages without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _config(html: str) -> dict:
    match = re.search(r'<script id="gp-config" type="application/json">(.*?)</script>', html)
    return json.loads(match.group(1))


def test_a_campaign_with_sections_offers_the_rating_form_instead_of_reporting(client, rated):
    html = client.get("/c/radnetz/").content.decode()
    assert 'id="gp-rate-form"' in html and 'id="gp-sections-list"' in html
    # Ratings replace free marking on this page: no "Report a place", no add form.
    assert 'id="gp-report"' not in html and 'id="gp-add-form"' not in html
    assert 'href="#gp-sections"' in html  # the skip link leads to the list of sections
    # The one point category's questions, with ids of their own; no category to choose.
    assert 'name="category" value="rating"' in html and 'type="radio" name="category"' not in html
    assert 'id="rate-q-rating-score-5"' in html and SCALE["label"] in html
    assert 'id="rate-q-rating-better-1" name="answers.better" value="wider"' in html
    config = _config(html)
    assert config["referencesUrl"] == "/api/campaigns/radnetz/references/"
    assert config["ratingUrl"] == "/api/campaigns/radnetz/references/{id}/rating/"
    assert config["maySubmit"] is True
    assert "30 m" in config["ratingStrings"]["mark_hint"]
    # The map opens on the street's two sections, not on the whole campaign area.
    assert config["bounds"] == [7.759, 49.439, 7.781, 49.441]


def test_the_rating_panel_speaks_english_on_request(client, rated):
    html = client.get("/c/radnetz/").content.decode()
    assert '<h2 id="gp-sections-heading">Sections</h2>' in html
    assert "Save rating" in html and "Withdraw rating" in html
    assert _config(html)["ratingStrings"]["saved"] == "Your rating has been saved."


def test_a_closed_campaign_lists_its_sections_without_a_form(client, rated):
    rated.closes_at = rated.opens_at + timedelta(hours=1)
    rated.save()
    html = client.get("/c/radnetz/").content.decode()
    assert 'id="gp-sections-list"' in html and 'id="gp-rate-form"' not in html
    assert "This campaign does not take ratings now." in html
    config = _config(html)
    assert (config["maySubmit"], config["notAllowedReason"]) == (False, "campaign_not_open")
    assert config["ratingStrings"]["show"] == "Show"


def test_the_page_knows_which_sections_the_visitor_rated(client, rated, west, east, make_user):
    # Anonymous: by the client cookie the page hands out; nothing before the first rating.
    page = client.get("/c/radnetz/").content.decode()
    assert _config(page)["ratedSections"] == []
    put = client.put(rating_url(east), rating(4), content_type="application/json")
    assert put.status_code == 201
    assert _config(client.get("/c/radnetz/").content.decode())["ratedSections"] == [east.pk]
    # Someone else's rating is not the visitor's.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(make_user("anna"))
    assert _config(other.get("/c/radnetz/").content.decode())["ratedSections"] == []


def test_several_point_categories_are_a_choice(client, rated, make_category):
    make_category(rated, "wish", "point", label="Wish", questions=[BETTER])
    make_category(rated, "route", "line")  # lines are not ratings
    html = client.get("/c/radnetz/").content.decode()
    assert 'type="radio" name="category" id="rate-cat-rating"' in html
    assert 'id="rate-cat-wish"' in html and 'id="rate-cat-route"' not in html
    assert 'id="rate-q-wish-better-1"' in html


def test_a_campaign_without_sections_keeps_the_add_form(client, campaign):
    html = client.get("/c/fear/").content.decode()
    assert 'id="gp-report"' in html and 'id="gp-rate"' not in html
    assert "referencesUrl" not in _config(html)


def test_registered_only_sections_ask_anonymous_visitors_to_log_in(client, rated):
    rated.participation = Participation.REGISTERED
    rated.save()
    html = client.get("/c/radnetz/").content.decode()
    assert 'id="gp-rate-form"' not in html
    assert "Log in to rate sections" in html and "/accounts/login/?next=/c/radnetz/" in html
    assert _config(html)["notAllowedReason"] == "login_required"


def test_the_rating_panel_speaks_german_by_default(client, rated):
    html = client.get("/c/radnetz/", headers={"accept-language": "de"}).content.decode()
    assert "Abschnitte" in html and "Bewertung speichern" in html
    assert "Bewertung zurückziehen" in html
    strings = _config(html)["ratingStrings"]
    assert strings["rate"] == "Bewerten" and strings["change"] == "Bewertung ändern"
    assert strings["saved"] == "Ihre Bewertung wurde gespeichert."


def test_style_draws_the_sections_over_the_area_and_under_the_posts(client, rated):
    style = client.get("/c/radnetz/style.json").json()
    assert style["sources"]["sections"] == {
        "type": "geojson",
        "data": {"type": "FeatureCollection", "features": []},
    }
    ids = [layer["id"] for layer in style["layers"]]
    assert ids.index("area-outline") < ids.index("sections-line") < ids.index("submissions-fill")
    # A wide, invisible line above the drawn ones takes the taps.
    hit = style["layers"][ids.index("sections-hit")]
    assert hit["paint"]["line-width"] >= 24 and hit["paint"]["line-opacity"] == 0
    assert ids.index("sections-hit") > ids.index("sections-rated")


def test_style_of_a_campaign_without_sections_has_none(client, campaign):
    style = client.get("/c/fear/style.json").json()
    assert "sections" not in style["sources"]
    assert not [layer for layer in style["layers"] if layer["id"].startswith("sections-")]
