"""The campaign admin is held to the model's rules: what the setup pages refuse, it refuses."""

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.forms import MultiWidget
from django.test import Client

from geo_participation.campaigns.models import Campaign, Category
from tests.conftest import AREA
from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(plain_static):  # noqa: F811
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x-test-password-1"))
    return client


def _value(bound):
    value = bound.value()
    if value is True:
        return "on"
    if value is None or value is False:
        return None
    return bound.field.widget.format_value(value) if hasattr(value, "geojson") else value


def change_data(client, campaign) -> dict:
    """Return the campaign's admin change form as a browser would post it, unchanged."""
    page = client.get(f"/admin/campaigns/campaign/{campaign.pk}/change/")
    assert page.status_code == 200
    forms = [page.context["adminform"].form]
    data = {}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data |= {management[n].html_name: management[n].value() for n in management.fields}
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            bound = form[name]
            if isinstance(bound.field.widget, MultiWidget):  # the admin's split date and time
                parts = bound.field.widget.decompress(bound.value())
                for i, part in enumerate(parts):
                    if part is not None:
                        data[f"{bound.html_name}_{i}"] = part.isoformat()
                continue
            value = _value(bound)
            if value is not None:
                data[bound.html_name] = value
    return data


def post_change(client, campaign, data):
    return client.post(f"/admin/campaigns/campaign/{campaign.pk}/change/", data)


def test_the_admin_saves_an_unchanged_campaign(admin_client, campaign):
    response = post_change(admin_client, campaign, change_data(admin_client, campaign))
    assert response.status_code == 302, response.context["errors"]


def test_the_admin_cannot_switch_sensitive_off_with_posts(admin_client, campaign, make_submission):
    Category.objects.filter(campaign=campaign, key="spot").update(sensitive=True)
    make_submission(campaign, status="pending")
    data = change_data(admin_client, campaign)
    box = next(k for k, v in data.items() if k.endswith("-sensitive") and v == "on")
    del data[box]
    response = post_change(admin_client, campaign, data)
    assert response.status_code == 200
    assert "muss sensibel bleiben" in response.content.decode()
    assert Category.objects.get(campaign=campaign, key="spot").sensitive


UTM = MultiPolygon(Polygon.from_bbox((410000, 5475000, 412000, 5477000)), srid=4326)


def test_an_area_beyond_lon_lat_is_refused_by_the_model_and_the_admin(admin_client, campaign):
    campaign.area = UTM
    with pytest.raises(ValidationError) as caught:
        campaign.full_clean()
    assert "area" in caught.value.message_dict
    campaign.refresh_from_db()
    data = change_data(admin_client, campaign) | {"area": UTM.ewkt}
    response = post_change(admin_client, campaign, data)
    assert response.status_code == 200
    assert "Die Koordinaten liegen außerhalb" in response.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).area.equals(AREA)


def test_the_admin_takes_a_campaign_back_to_draft_only_without_posts(
    admin_client, campaign, make_submission
):
    data = change_data(admin_client, campaign) | {"draft": "on"}
    make_submission(campaign, status="rejected")
    response = post_change(admin_client, campaign, data)
    assert response.status_code == 200
    assert "bereits Beiträge" in response.content.decode()
    assert Campaign.objects.filter(pk=campaign.pk).exists()
    campaign.submissions.all().delete()
    assert post_change(admin_client, campaign, data).status_code == 302
    assert Campaign.all_objects.get(pk=campaign.pk).draft
