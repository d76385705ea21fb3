"""The setup pages: who may open them, creating and editing a draft, refusals next to the field."""

import pytest
from django.test import Client

from geo_participation.campaigns.models import Campaign, PublicStatus

from .conftest import campaign_form

pytestmark = pytest.mark.django_db


def _draft(client, **changes) -> Campaign:
    response = client.post("/einrichten/neu/", campaign_form(**changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Campaign.all_objects.get(slug=response["Location"].split("/")[2])


@pytest.mark.parametrize("path", ["/einrichten/", "/einrichten/neu/"])
def test_only_campaign_managers_open_the_setup_pages(path, make_user, manager_client):
    assert manager_client.get(path).status_code == 200
    for groups in ((), ("planners",), ("moderators",)):
        client = Client()
        client.force_login(make_user("u" + "-".join(groups), *groups))
        assert client.get(path).status_code == 403, groups
    assert Client().get(path).status_code == 302  # to the login page


def test_a_campaigns_setup_pages_are_404_to_anyone_else(make_campaign, make_user, manager_client):
    campaign = make_campaign("open")
    planner = Client()
    planner.force_login(make_user("planner", "planners"))
    for suffix in ("", "gebiet/", "veroeffentlichen/"):
        path = f"/einrichten/{campaign.slug}/{suffix}"
        assert manager_client.get(path).status_code == 200, path
        assert planner.get(path).status_code == 404, path


def test_the_header_links_setup_for_managers_only(manager_client, make_user):
    assert 'href="/einrichten/"' in manager_client.get("/").content.decode()
    resident = Client()
    resident.force_login(make_user("resident"))
    assert 'href="/einrichten/"' not in resident.get("/").content.decode()


def test_a_new_campaign_is_a_draft_with_the_default_statuses(manager_client):
    campaign = _draft(manager_client)
    assert campaign.slug == "radwege-2027" and campaign.draft and campaign.area is None
    assert campaign.title_de == "Radwege 2027" and campaign.title_en == "Cycle paths 2027"
    assert PublicStatus.objects.filter(campaign=campaign).count() == 5
    assert Client().get(f"/c/{campaign.slug}/").status_code == 404
    page = manager_client.get("/einrichten/").content.decode()
    assert "Entwurf" in page and "Radwege 2027" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title_de": ""}, "title_de", "Dieses Feld ist zwingend erforderlich."),
        ({"slug": "Not A Slug"}, "slug", "Bitte verwenden Sie nur"),
        ({"closes_at": "2027-02-01T08:00"}, "closes_at", "nach dem Beginn"),
        ({"opens_at": "gestern"}, "opens_at", "gültige"),
        ({"participation": "everyone"}, "participation", "gültige Auswahl"),
        ({"slug": "neu"}, "slug", "reserviert"),
    ],
)
def test_a_refused_field_is_named_next_to_it_and_nothing_is_stored(
    manager_client, changes, field, message
):
    response = manager_client.post("/einrichten/neu/", campaign_form(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    error = page.split(f'id="id_{field}-error"', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert f'aria-describedby="id_{field}-error' in page and 'aria-invalid="true"' in page
    # Keyboard and screen-reader users land on the summary of what to correct.
    assert 'id="gp-form-error" tabindex="-1" autofocus' in page
    assert not Campaign.all_objects.exists()


def test_a_taken_address_is_refused_even_by_a_draft(manager_client, make_campaign):
    _draft(manager_client)
    response = manager_client.post("/einrichten/neu/", campaign_form(title_en="Other"))
    assert response.status_code == 400
    assert (
        "„radwege-2027“" in response.content.decode() or "radwege-2027" in response.content.decode()
    )
    assert Campaign.all_objects.count() == 1


def _edit_data(campaign, **changes) -> dict:
    data = campaign_form(slug=campaign.slug)
    statuses = list(PublicStatus.objects.filter(campaign=campaign).order_by("position"))
    data.update({"status-TOTAL_FORMS": len(statuses) + 1, "status-INITIAL_FORMS": len(statuses)})
    for i, status in enumerate(statuses):
        data.update(
            {
                f"status-{i}-key": status.key,
                f"status-{i}-label_de": status.label_de,
                f"status-{i}-label_en": status.label_en,
                f"status-{i}-position": i + 1,
            }
        )
    data[f"status-{len(statuses)}-position"] = len(statuses) + 1
    data.update(changes)
    return data


def test_statuses_are_renamed_reordered_added_and_removed(manager_client):
    campaign = _draft(manager_client)
    data = _edit_data(
        campaign,
        **{
            "status-2-label_de": "Vorgesehen",
            "status-2-position": 9,
            "status-4-remove": "on",
            "status-5-label_de": "Zurückgestellt",
            "status-5-label_en": "Deferred",
        },
    )
    response = manager_client.post(f"/einrichten/{campaign.slug}/", data)
    assert response.status_code == 302
    rows = PublicStatus.objects.filter(campaign=campaign).order_by("position")
    assert [(s.key, s.label_de) for s in rows] == [
        ("received", "Eingegangen"),
        ("in_review", "In Prüfung"),
        ("done", "Umgesetzt"),
        ("zuruckgestellt", "Zurückgestellt"),
        ("planned", "Vorgesehen"),
    ]


def test_a_status_posts_have_cannot_be_removed(manager_client, make_category, make_submission):
    campaign = _draft(manager_client)
    Campaign.all_objects.filter(pk=campaign.pk).update(
        area="SRID=4326;MULTIPOLYGON(((7.7 49.4,7.85 49.4,7.85 49.48,7.7 49.48,7.7 49.4)))"
    )
    campaign.refresh_from_db()
    make_category(campaign)
    make_submission(campaign, public_status="planned")
    data = _edit_data(campaign, **{"status-2-remove": "on", "title_de": "Neuer Titel"})
    response = manager_client.post(f"/einrichten/{campaign.slug}/", data)
    assert response.status_code == 400
    error = response.content.decode().split('id="id_status-2-remove-error"', 1)[1]
    assert "„Geplant“; geben Sie" in error.split("</p>")[0]
    page = response.content.decode()
    # The manager reads labels, never keys like "in_review".
    assert "Status „In Prüfung“" in page and "Den Status „Geplant“ entfernen" in page
    assert "in_review“" not in page and "„planned" not in page
    campaign.refresh_from_db()
    # Nothing half-stored: the title stays too.
    assert campaign.title_de == "Radwege 2027"
    assert PublicStatus.objects.filter(campaign=campaign, key="planned").exists()
