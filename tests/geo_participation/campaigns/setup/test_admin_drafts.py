"""The admin sees drafts (Campaign.all_objects), also one without an area yet."""

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.test import Client

from geo_participation.campaigns.models import Campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(plain_static):
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x-test-password-1"))
    return client


def test_the_admin_lists_and_opens_a_draft_without_an_area(admin_client, make_campaign):
    draft = make_campaign("entwurf", draft=True, area=None, title_de="Geheimer Entwurf")
    assert "Geheimer Entwurf" in admin_client.get("/admin/campaigns/campaign/").content.decode()
    assert admin_client.get(f"/admin/campaigns/campaign/{draft.pk}/change/").status_code == 200
    assert not Campaign.objects.filter(pk=draft.pk).exists()


def test_the_database_refuses_a_published_campaign_without_an_area(make_campaign):
    draft = make_campaign("entwurf", draft=True, area=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.all_objects.filter(pk=draft.pk).update(draft=False)
