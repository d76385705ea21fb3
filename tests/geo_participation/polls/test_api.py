"""The ballot API: GET/PUT/DELETE one's own ballot, the questions, errors in our JSON shape."""

from datetime import timedelta

import pytest
from django.utils import timezone

from geo_participation.polls.models import Ballot

from .conftest import GOOD


def ballot_url(campaign):
    return f"/api/campaigns/{campaign.slug}/ballot/"


def test_questions_are_listed_with_options_in_order(poll, api):
    answer = api.get(f"/api/campaigns/{poll.slug}/poll/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["kind"] == "poll" and body["open"] and not body["results_visible"]
    assert [q["key"] for q in body["questions"]] == ["colour", "extras", "mood", "order"]
    assert [o["key"] for o in body["questions"][0]["options"]] == ["red", "green", "blue"]
    assert body["questions"][1]["max_choices"] == 2
    assert body["questions"][2]["options"] == [] and body["questions"][2]["scale_max"] == 5


def test_an_account_casts_reads_changes_and_withdraws_its_ballot(poll, make_user, make_api):
    client = make_api(make_user("anna"))
    assert client.get(ballot_url(poll)).status_code == 404
    first = client.put(ballot_url(poll), {"answers": GOOD}, format="json")
    assert first.status_code == 201, first.json()
    changed = client.put(ballot_url(poll), {"answers": {**GOOD, "colour": "blue"}}, format="json")
    assert changed.status_code == 200
    assert client.get(ballot_url(poll)).json()["answers"]["colour"] == "blue"
    assert Ballot.objects.get().answers["colour"] == "blue"
    assert client.delete(ballot_url(poll)).status_code == 204
    assert not Ballot.objects.exists()
    assert client.delete(ballot_url(poll)).status_code == 404


def test_anonymous_ballot_needs_the_cookie_the_first_write_hands_out(poll, make_api):
    browser = make_api()
    first = browser.put(ballot_url(poll), {"answers": GOOD}, format="json")
    assert first.status_code == 400 and first.json()["code"] == "client_cookie_required"
    assert browser.put(ballot_url(poll), {"answers": GOOD}, format="json").status_code == 201
    assert browser.put(ballot_url(poll), {"answers": GOOD}, format="json").status_code == 200
    other = make_api()
    assert other.get(ballot_url(poll)).status_code == 404
    assert Ballot.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"answers": {**GOOD, "extras": ["sound", "timer", "arrow"]}}, "invalid_answers"),
        ({"answers": {**GOOD, "hat": "on"}}, "unknown_questions"),
        ({"answers": "green"}, "invalid_answers"),
        ({"answers": GOOD, "extra": 1}, "invalid_body"),
        ([GOOD], "invalid_body"),
    ],
)
def test_bad_ballots_are_400_in_the_error_shape(poll, make_user, make_api, body, code):
    answer = make_api(make_user("anna")).put(ballot_url(poll), body, format="json")
    assert answer.status_code == 400
    assert answer.json()["code"] == code
    assert answer.json()["detail"]
    assert not Ballot.objects.exists()


def test_too_many_votes_name_the_question_in_errors(vote, make_user, make_api):
    answer = make_api(make_user("anna")).put(
        ballot_url(vote),
        {"answers": {"events": ["market", "concert", "cinema", "run"]}},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == {"events": "Wählen Sie höchstens 3 Optionen aus."}


def test_malformed_json_is_400_not_500(poll, anon):
    answer = anon.put(ballot_url(poll), "{not json", content_type="application/json")
    assert answer.status_code == 400
    assert "detail" in answer.json()


def test_closed_poll_refuses_with_403(poll, make_user, make_api):
    poll.opens_at = timezone.now() - timedelta(days=3)
    poll.closes_at = timezone.now() - timedelta(days=1)
    poll.save()
    answer = make_api(make_user("anna")).put(ballot_url(poll), {"answers": GOOD}, format="json")
    assert answer.status_code == 403
    assert answer.json()["code"] == "campaign_not_open"


def test_map_campaigns_drafts_and_unknown_slugs_have_no_ballot(campaign, make_campaign, anon):
    draft = make_campaign("entwurf", kind="poll", draft=True)
    for slug in (campaign.slug, draft.slug, "nope"):
        for path in ("ballot", "poll"):
            answer = anon.get(f"/api/campaigns/{slug}/{path}/")
            assert answer.status_code == 404, (slug, path)
            assert answer.json()["code"] in ("not_found", "not_a_poll")
