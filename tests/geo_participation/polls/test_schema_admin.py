"""The admin is held to the ballots rule of the setup pages (polls/schema_changes.py), and to
the campaign's kind rule (campaigns/schema_changes.kind_refusal)."""

import pytest
from django.contrib.auth.models import User
from django.forms import MultiWidget
from django.test import Client

from geo_participation.campaigns.models import Campaign
from geo_participation.polls.models import Ballot, PollQuestion
from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(plain_static):  # noqa: F811
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x-test-password-1"))
    return client


def _form_data(client, url) -> dict:
    """Return an admin change form (with its inlines) as a browser would post it, unchanged."""
    page = client.get(url)
    assert page.status_code == 200
    forms, data = [page.context["adminform"].form], {}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management[n].html_name: management[n].value() for n in management.fields}
        forms += inline.formset.forms
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if isinstance(bound.field.widget, MultiWidget):
                parts = bound.field.widget.decompress(value)
                data |= {f"{bound.html_name}_{i}": p.isoformat() for i, p in enumerate(parts) if p}
            elif value is True:
                data[bound.html_name] = "on"
            elif value is not None and value is not False:
                data[bound.html_name] = value
    return data


def _question_url(question) -> str:
    return f"/admin/polls/pollquestion/{question.pk}/change/"


def test_without_ballots_the_admin_changes_a_question_freely(admin_client, poll):
    question = poll.poll_questions.get(key="colour")
    data = _form_data(admin_client, _question_url(question)) | {"kind": "multiple"}
    response = admin_client.post(_question_url(question), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert PollQuestion.objects.get(pk=question.pk).kind == "multiple"


def test_with_ballots_the_admin_refuses_a_new_kind_and_a_removed_option(
    admin_client, poll, make_user
):
    Ballot.objects.create(campaign=poll, user=make_user("anna"), answers={"colour": "red"})
    question = poll.poll_questions.get(key="colour")
    data = _form_data(admin_client, _question_url(question))
    response = admin_client.post(_question_url(question), data | {"kind": "multiple"})
    assert response.status_code == 200 and "1 Stimmabgabe" in response.content.decode()
    assert PollQuestion.objects.get(pk=question.pk).kind == "single"
    removed = data | {"options-0-DELETE": "on"}
    response = admin_client.post(_question_url(question), removed)
    assert response.status_code == 200
    assert "„Red“ kann nicht entfernt werden" in response.content.decode()
    assert question.options.count() == 3
    url = f"/admin/polls/pollquestion/{question.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert PollQuestion.objects.filter(pk=question.pk).exists()


def test_the_admin_cannot_change_the_kind_of_a_published_campaign(admin_client, poll):
    url = f"/admin/campaigns/campaign/{poll.pk}/change/"
    response = admin_client.post(url, _form_data(admin_client, url) | {"kind": "map"})
    assert response.status_code == 200
    assert "Eine veröffentlichte Kampagne behält ihre Art." in response.content.decode()
    assert Campaign.objects.get(pk=poll.pk).kind == "poll"
