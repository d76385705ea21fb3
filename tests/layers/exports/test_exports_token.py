"""Planner exports with an API token (DRF's TokenAuthentication), as scripts and GIS tools use."""

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.export_helpers import approved_count, body, fill


@pytest.fixture
def filled(campaign, make_category, make_submission):
    fill(campaign, make_category, make_submission)
    return campaign


def export(campaign, token):
    headers = {"Authorization": f"Token {token}"} if token else {}
    return Client().get(f"/exports/{campaign.slug}/submissions.geojson", headers=headers)


def test_a_planner_token_exports(filled, make_user):
    planner = make_user("planner", "planners")
    call_command("drf_create_token", planner.username, stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = export(filled, Token.objects.get(user=planner).key)
    assert response.status_code == 200
    assert body(response).count(b'"type":"Feature"') == approved_count(filled)


def test_other_tokens_are_refused(filled, make_user):
    citizen = make_user("citizen")
    assert export(filled, Token.objects.create(user=citizen).key).status_code == 403
    assert export(filled, "0" * 40).status_code == 401
    assert export(filled, None).status_code == 401
