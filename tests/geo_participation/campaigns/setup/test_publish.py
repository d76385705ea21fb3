"""Publishing: the checklist, refusals naming what is missing, and back to draft without posts."""

import pytest
from django.test import Client

from geo_participation.campaigns.models import Campaign
from tests.conftest import AREA, feature, submissions_url

from .test_setup_pages import _edit_data

pytestmark = pytest.mark.django_db


def _publish(client, campaign, action="publish"):
    return client.post(f"/einrichten/{campaign.slug}/veroeffentlichen/", {"action": action})


def _draft(make_campaign, **fields):
    defaults = {"draft": True, "title_de": "Radwege", "description_de": "Wo fehlt ein Radweg?"}
    return make_campaign("radwege", **{**defaults, **fields})


def test_the_checklist_names_each_missing_item_with_a_link(manager_client, make_campaign):
    campaign = _draft(make_campaign, area=None, description_de="")
    page = manager_client.get(f"/einrichten/{campaign.slug}/veroeffentlichen/").content.decode()
    assert "Das Gebiet fehlt." in page and 'href="/einrichten/radwege/gebiet/"' in page
    assert "Es gibt noch keine Kategorie." in page
    assert 'href="/einrichten/radwege/kategorien/"' in page
    assert "Die deutsche Beschreibung fehlt." in page
    assert "Der deutsche Titel ist vorhanden." in page


def test_publishing_is_refused_until_the_checklist_holds(
    manager_client, make_campaign, make_category, api
):
    campaign = _draft(make_campaign, description_de="")
    response = _publish(manager_client, campaign)
    assert response.status_code == 400
    page = response.content.decode()
    refusal = page.split('id="gp-publish-error">', 1)[1].split("</p>")[0]
    assert "keine Kategorie" in refusal and "Beschreibung fehlt" in refusal
    assert Campaign.all_objects.get(pk=campaign.pk).draft
    assert api.get(f"/api/campaigns/{campaign.slug}/").status_code == 404

    make_category(campaign)
    Campaign.all_objects.filter(pk=campaign.pk).update(description_de="Wo fehlt ein Radweg?")
    assert _publish(manager_client, campaign).status_code == 302
    assert not Campaign.all_objects.get(pk=campaign.pk).draft
    assert api.get(f"/api/campaigns/{campaign.slug}/").status_code == 200
    assert Client().get(f"/c/{campaign.slug}/").status_code == 200


def test_a_draft_takes_no_posts_and_back_to_draft_only_without_posts(
    manager_client, make_campaign, make_category, api
):
    campaign = _draft(make_campaign)
    make_category(campaign)
    url = submissions_url(campaign)
    assert api.post(url, feature(answers={}), format="json").status_code == 404
    assert _publish(manager_client, campaign).status_code == 302
    assert _publish(manager_client, campaign, "unpublish").status_code == 302
    assert Campaign.all_objects.get(pk=campaign.pk).draft
    assert _publish(manager_client, campaign).status_code == 302
    posted = api.post(url, feature(answers={}), format="json")
    assert posted.status_code == 201, posted.content
    response = _publish(manager_client, campaign, "unpublish")
    assert response.status_code == 400
    assert "bereits Beiträge" in response.content.decode()
    assert not Campaign.all_objects.get(pk=campaign.pk).draft
    assert AREA.equals(Campaign.objects.get(pk=campaign.pk).area)


def test_the_pages_say_published_and_hide_back_to_draft_once_there_are_posts(
    manager_client, make_campaign, make_category, make_submission
):
    campaign = make_campaign("offen", title_de="Offen")
    make_category(campaign)
    listing = manager_client.get("/einrichten/").content.decode()
    assert "„Offen“ ist veröffentlicht" in listing and "„Offen“ veröffentlichen" not in listing
    assert "Zurück zur Übersicht der Kampagnen" in listing
    assert "Zurück zum Entwurf" in _page(manager_client, campaign)
    make_submission(campaign)
    page = _page(manager_client, campaign)
    assert "Zurück zum Entwurf" not in page and "bleibt deshalb veröffentlicht" in page
    edit = manager_client.get("/einrichten/offen/").content.decode()
    assert "Eine veröffentlichte Kampagne behält ihre Adresse." in edit
    assert "Lassen Sie das Feld leer" not in edit


def _page(client, campaign) -> str:
    return client.get(f"/einrichten/{campaign.slug}/veroeffentlichen/").content.decode()


def test_a_published_campaign_keeps_its_last_category(manager_client, make_campaign, make_category):
    campaign = make_campaign("radwege", description_de="Wo fehlt ein Radweg?")
    make_category(campaign, "spot")
    make_category(campaign, "route", "line")
    url = f"/einrichten/{campaign.slug}/kategorien/"
    assert manager_client.post(f"{url}route/loeschen/").status_code == 302
    response = manager_client.post(f"{url}spot/loeschen/")
    assert response.status_code == 400
    assert "braucht mindestens eine Kategorie" in response.content.decode()
    assert list(campaign.categories.values_list("key", flat=True)) == ["spot"]


def test_a_draft_may_lose_its_last_category(manager_client, make_campaign, make_category):
    campaign = _draft(make_campaign)
    make_category(campaign, "spot")
    assert manager_client.post("/einrichten/radwege/kategorien/spot/loeschen/").status_code == 302
    assert not campaign.categories.exists()


def test_a_published_campaign_keeps_its_german_description(manager_client, make_campaign):
    campaign = make_campaign("radwege", description_de="Wo fehlt ein Radweg?")
    data = _edit_data(campaign, description_de="  ")
    response = manager_client.post("/einrichten/radwege/", data)
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["description_de"])
    assert "Eine veröffentlichte Kampagne muss vollständig bleiben" in errors
    assert "Die deutsche Beschreibung fehlt." in errors
    assert Campaign.objects.get(pk=campaign.pk).description_de == "Wo fehlt ein Radweg?"
    # A draft may lack it until it is published.
    Campaign.all_objects.filter(pk=campaign.pk).update(draft=True)
    assert manager_client.post("/einrichten/radwege/", data).status_code == 302
