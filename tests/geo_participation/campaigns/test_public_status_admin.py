"""The campaign admin edits its public statuses inline, and keeps those posts still need."""

import pytest
from django.contrib.auth.models import User
from django.forms.models import inlineformset_factory

from geo_participation.campaigns.admin import PublicStatusFormSet
from geo_participation.campaigns.models import Campaign, PublicStatus

pytestmark = pytest.mark.django_db

FormSet = inlineformset_factory(
    Campaign,
    PublicStatus,
    formset=PublicStatusFormSet,
    fields=["position", "key", "label"],
    extra=0,
    can_delete=True,
)


def _data(campaign, *, delete=(), rename=None):
    statuses = list(campaign.public_statuses.order_by("position"))
    data = {
        "public_statuses-TOTAL_FORMS": str(len(statuses)),
        "public_statuses-INITIAL_FORMS": str(len(statuses)),
    }
    for i, status in enumerate(statuses):
        key = (rename or {}).get(status.key, status.key)
        data |= {
            f"public_statuses-{i}-id": str(status.pk),
            f"public_statuses-{i}-campaign": str(campaign.pk),
            f"public_statuses-{i}-position": str(status.position),
            f"public_statuses-{i}-key": key,
            f"public_statuses-{i}-label": status.label,
        }
        if status.key in delete:
            data[f"public_statuses-{i}-DELETE"] = "on"
    return data


def test_the_campaign_admin_shows_the_statuses_inline(client, campaign):
    client.force_login(User.objects.create_superuser("root", password="x-test-password-1"))
    page = client.get(f"/admin/campaigns/campaign/{campaign.pk}/change/")
    assert page.status_code == 200
    assert b"public_statuses-TOTAL_FORMS" in page.content and b"Nicht umsetzbar" in page.content


def test_an_unused_status_may_go_but_not_one_in_use_nor_the_initial_one(campaign, make_submission):
    make_submission(campaign, public_status="planned")
    assert FormSet(_data(campaign, delete={"not_feasible"}), instance=campaign).is_valid()
    in_use = FormSet(_data(campaign, delete={"planned"}), instance=campaign)
    assert not in_use.is_valid() and "„Geplant“" in str(in_use.non_form_errors())
    initial = FormSet(_data(campaign, rename={"received": "new"}), instance=campaign)
    assert not initial.is_valid() and "„Eingegangen“" in str(initial.non_form_errors())
    # Renaming a status in use is fine: the posts follow (ON UPDATE CASCADE).
    assert FormSet(_data(campaign, rename={"planned": "scheduled"}), instance=campaign).is_valid()
