"""The campaign's kind (map, poll, vote) on the setup form, and taking over another's area."""

import pytest
from django.core.exceptions import ValidationError

from geo_participation.campaigns.models import Campaign
from tests.conftest import AREA

from .conftest import campaign_form
from .test_setup_pages import _edit_data

pytestmark = pytest.mark.django_db


def _error(response, field) -> str:
    page = response.content.decode()
    return page.split(f'id="id_{field}-error"', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize("kind", ["map", "poll", "vote"])
def test_the_create_form_asks_the_kind(manager_client, kind):
    page = manager_client.get("/einrichten/neu/").content.decode()
    assert "Karte (Orte markieren)" in page and "Umfrage" in page and "Abstimmung" in page
    response = manager_client.post("/einrichten/neu/", campaign_form(kind=kind))
    assert response.status_code == 302
    assert Campaign.all_objects.get(slug="radwege-2027").kind == kind


def test_an_unknown_kind_is_refused_beside_the_field(manager_client):
    response = manager_client.post("/einrichten/neu/", campaign_form(kind="lottery"))
    assert response.status_code == 400
    assert "gültige Auswahl" in _error(response, "kind")
    assert not Campaign.all_objects.exists()


def test_a_draft_without_posts_changes_its_kind(manager_client, make_campaign):
    draft = make_campaign("umfrage", draft=True, title_de="Umfrage", description_de="x")
    response = manager_client.post(f"/einrichten/{draft.slug}/", _edit_data(draft, kind="poll"))
    assert response.status_code == 302
    assert Campaign.all_objects.get(pk=draft.pk).kind == "poll"


def test_a_published_campaign_keeps_its_kind(manager_client, make_campaign):
    campaign = make_campaign("radwege", title_de="Radwege", description_de="x")
    page = manager_client.get(f"/einrichten/{campaign.slug}/").content.decode()
    assert "Eine veröffentlichte Kampagne behält ihre Art." in page
    response = manager_client.post(
        f"/einrichten/{campaign.slug}/", _edit_data(campaign, kind="vote")
    )
    # The disabled field keeps its value: nothing else refused, the kind stays.
    assert response.status_code in (302, 400)
    assert Campaign.all_objects.get(pk=campaign.pk).kind == "map"


def test_a_draft_with_posts_keeps_its_kind_the_model_refuses_too(
    make_campaign, make_category, make_submission
):
    campaign = make_campaign("radwege")
    make_category(campaign)
    make_submission(campaign, status="pending")
    Campaign.all_objects.filter(pk=campaign.pk).update(draft=True)
    campaign = Campaign.all_objects.get(pk=campaign.pk)
    campaign.kind = "poll"
    with pytest.raises(ValidationError) as refused:
        campaign.full_clean()
    assert "schon 1 Beitrag" in " ".join(refused.value.message_dict["kind"])


def test_the_area_of_another_campaign_can_be_taken_over(manager_client, make_campaign):
    city = make_campaign("stadt", title="Stadtgebiet")
    draft = make_campaign("umfrage", draft=True, area=None, kind="poll", title="Umfrage")
    page = manager_client.get(f"/einrichten/{draft.slug}/gebiet/").content.decode()
    assert "Stadtgebiet (/c/stadt/)" in page and "(/c/umfrage/)" not in page
    response = manager_client.post(f"/einrichten/{draft.slug}/gebiet/", {"copy_from": city.pk})
    assert response.status_code == 302
    stored = Campaign.all_objects.get(pk=draft.pk).area
    assert stored.equals(AREA) or stored.equals_exact(city.area, 1e-9)


def test_an_unknown_campaign_to_copy_from_is_refused_beside_the_field(
    manager_client, make_campaign
):
    draft = make_campaign("umfrage", draft=True, area=None)
    response = manager_client.post(f"/einrichten/{draft.slug}/gebiet/", {"copy_from": 999999})
    assert response.status_code == 400
    assert "gültige Auswahl" in _error(response, "copy_from")
    assert Campaign.all_objects.get(pk=draft.pk).area is None
