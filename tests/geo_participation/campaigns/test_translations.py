"""Campaign, category and status texts in German and English (django-modeltranslation)."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from geo_participation.campaigns.models import PublicStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual(campaign):
    campaign.title_de, campaign.title_en = "Angsträume", "Places of fear"
    campaign.description_de, campaign.description_en = "Wo fühlen Sie sich unsicher?", ""
    campaign.save()
    spot = campaign.categories.get(key="spot")
    spot.label_de, spot.label_en = "Angstraum", "Fear spot"
    spot.save()
    return campaign


def english():
    return Client(headers={"accept-language": "en"})


def test_the_api_answers_in_the_requests_language_and_falls_back_to_german(bilingual):
    german = Client().get("/api/campaigns/fear/").json()
    assert german["title"] == "Angsträume"
    assert {c["key"]: c["label"] for c in german["categories"]}["spot"] == "Angstraum"
    answer = english().get("/api/campaigns/fear/").json()
    assert answer["title"] == "Places of fear"
    assert {c["key"]: c["label"] for c in answer["categories"]}["spot"] == "Fear spot"
    # No English description: the German one, not an empty text.
    assert answer["description"] == "Wo fühlen Sie sich unsicher?"


def test_pages_show_the_active_languages_text(bilingual):
    assert "Angsträume" in Client().get("/").content.decode()
    page = english().get("/").content.decode()
    assert "Places of fear" in page and "Angsträume" not in page


def test_ogc_api_stays_language_neutral_in_german(bilingual):
    # Delivery answers the same bytes in every language (geo_participation/languages.py).
    collections = english().get("/ogc/collections", {"f": "json"}).json()["collections"]
    assert "Angsträume" in [c["title"] for c in collections]


def test_exports_name_categories_in_the_planners_language(bilingual, make_submission):
    make_submission(bilingual)
    planner = User.objects.create_user("pia", password="x-test-password-1", is_superuser=True)
    for client, label in ((Client(), "Angstraum"), (english(), "Fear spot")):
        client.force_login(planner)
        response = client.get("/exports/fear/submissions.csv")
        body = b"".join(response.streaming_content).decode()
        rows = list(csv.DictReader(io.StringIO(body)))
        assert {row["category_label"] for row in rows} == {label}


def test_saving_in_english_keeps_the_german_text(bilingual):
    with translation.override("en"):
        bilingual.title = "Fear spaces"
        bilingual.save()
    bilingual.refresh_from_db()
    assert (bilingual.title_de, bilingual.title_en) == ("Angsträume", "Fear spaces")


def test_new_campaigns_get_statuses_in_both_languages(bilingual):
    planned = PublicStatus.objects.get(campaign=bilingual, key="planned")
    assert (planned.label_de, planned.label_en) == ("Geplant", "Planned")
    with translation.override("en"):
        assert planned.label == "Planned"


def test_the_admin_edits_both_languages(bilingual):
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", "root@example.org", "x-1-password"))
    page = admin.get(f"/admin/campaigns/campaign/{bilingual.pk}/change/").content.decode()
    for name in ("title_de", "title_en", "description_en", "area_name_en"):
        assert f'name="{name}"' in page
    assert 'name="categories-0-label_en"' in page
    assert 'name="public_statuses-0-label_en"' in page


def test_a_campaign_written_only_in_english_shows_english_to_everyone(make_campaign):
    with translation.override("en"):
        make_campaign("heat", title="Heat spots")
    assert "Heat spots" in Client().get("/").content.decode()
    assert Client().get("/api/campaigns/heat/").json()["title"] == "Heat spots"
