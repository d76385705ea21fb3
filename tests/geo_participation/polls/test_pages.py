"""The ballot page /c/{slug}/ of polls and votes: a plain form POST, errors beside questions."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from geo_participation.polls.models import Ballot

from .conftest import EVENTS

pytestmark = pytest.mark.usefixtures("plain_static")

from tests.page_helpers import plain_static  # noqa: E402, F401 - fixture


def page(client, campaign):
    return client.get(f"/c/{campaign.slug}/")


def post(client, campaign, data):
    return client.post(f"/c/{campaign.slug}/stimme/", data)


def test_a_vote_page_shows_the_events_as_checkboxes_limited_to_three(vote):
    answer = page(Client(), vote)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert html.count('type="checkbox"') == 6
    assert 'data-max="3"' in html
    assert "maplibre" not in html.lower()


def test_a_vote_is_saved_changed_and_the_form_prefilled(vote, make_user):
    client = Client()
    client.force_login(make_user("anna"))
    sent = post(client, vote, {"events": ["market", "run"]})
    assert sent.status_code == 302
    shown = client.get(sent["Location"]).content.decode()
    assert "Ihre Stimme wurde gespeichert." in shown
    assert 'value="market" checked' in shown and 'value="run" checked' in shown
    post(client, vote, {"events": ["cinema"]})
    shown = page(client, vote).content.decode()
    assert "Ihre Stimme wurde geändert." in shown
    assert Ballot.objects.get().answers == {"events": ["cinema"]}


def test_too_many_votes_are_refused_beside_the_question_and_kept_ticked(vote, make_user):
    client = Client()
    client.force_login(make_user("anna"))
    refused = post(client, vote, {"events": EVENTS[:4]})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'id="gp-q-events-error" aria-live="polite">Wählen Sie höchstens 3 Optionen aus.' in html
    assert html.count("checked") == 4
    assert not Ballot.objects.exists()


def test_an_anonymous_visitor_votes_with_the_cookie_the_page_handed_out(poll):
    client = Client()
    page(client, poll)
    sent = post(client, poll, {"colour": "red", "extras": ["sound"]})
    assert sent.status_code == 302
    assert Ballot.objects.get().answers == {"colour": "red", "extras": ["sound"]}


def test_a_ranking_with_a_repeated_rank_is_refused(poll, make_user):
    client = Client()
    client.force_login(make_user("anna"))
    data = {"colour": "red", "extras": ["sound"], "order.a": "1", "order.b": "1", "order.c": "2"}
    refused = post(client, poll, data)
    assert refused.status_code == 400
    assert "Vergeben Sie jeden Rang nur einmal." in refused.content.decode()
    data["order.b"] = "3"
    assert post(client, poll, data).status_code == 302
    assert Ballot.objects.get().answers["order"] == ["a", "c", "b"]


def test_a_closed_poll_shows_no_form_and_when_results_come(poll):
    poll.opens_at = timezone.now() - timedelta(days=3)
    poll.closes_at = timezone.now() - timedelta(days=1)
    poll.save()
    html = page(Client(), poll).content.decode()
    assert '<form method="post" action="/c/ampel/stimme/"' not in html
    assert "Diese Umfrage ist beendet." in html
    assert post(Client(), poll, {"colour": "red"}).status_code == 400


def test_the_campaign_list_names_kind_and_state(poll, vote, campaign):
    vote.opens_at = timezone.now() - timedelta(days=3)
    vote.closes_at = timezone.now() - timedelta(days=1)
    vote.save()
    html = " ".join(Client().get("/").content.decode().split())
    # The same date format as a map campaign's "Offen bis 5. Mai 2027".
    with translation.override("de"):
        closes = date_format(timezone.localtime(poll.closes_at), "DATE_FORMAT")
    assert f"Umfrage · offen bis {closes}" in html
    assert "Abstimmung · beendet – Ergebnisse" in html


def test_a_map_campaign_has_no_ballot_form(campaign):
    assert post(Client(), campaign, {}).status_code == 404


def test_a_polls_add_page_leads_to_its_ballot_form(poll):
    answer = Client().get(f"/c/{poll.slug}/add/")
    assert answer.status_code == 302 and answer["Location"] == f"/c/{poll.slug}/"


def test_registered_only_and_not_yet_open_polls_say_so(poll):
    poll.participation = "registered"
    poll.save()
    html = page(Client(), poll).content.decode()
    assert "Zum Abstimmen anmelden" in html and "Stimme abgeben" not in html
    poll.participation = "anonymous"
    poll.opens_at = timezone.now() + timedelta(days=2)
    poll.closes_at = timezone.now() + timedelta(days=9)
    poll.save()
    html = page(Client(), poll).content.decode()
    assert "Die Abstimmung beginnt am" in html and "Stimme abgeben" not in html


def test_the_ballot_page_speaks_english_on_request(vote):
    html = Client().get(f"/c/{vote.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Cast my vote" in html and "Choose up to 3." in html
