"""The moderators' page: who may open it, what it lists, and deciding through it."""

import json

import pytest
from django.test import Client
from django.utils.timezone import now

from geo_participation.submissions.models import Status
from tests.page_helpers import plain_static  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("plain_static")


@pytest.fixture
def as_user(make_user):
    def make(name, *groups):
        client = Client()
        client.force_login(make_user(name, *groups))
        return client

    return make


@pytest.fixture
def moderator(as_user):
    return as_user("mod", "moderators")


def test_anonymous_visitors_are_sent_to_the_login(db):
    response = Client().get("/moderation/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/moderation/"
    assert Client().post("/moderation/1/", {"decision": "approve"}).status_code == 302


def test_other_users_are_refused(as_user, campaign, make_submission):
    pending = make_submission(campaign, status="pending")
    for client in (as_user("citizen"), as_user("planner", "planners")):
        assert client.get("/moderation/").status_code == 403
        assert client.post(f"/moderation/{pending.pk}/", {"decision": "approve"}).status_code == 403
        bulk = {"id": [pending.pk], f"photo-{pending.pk}": "none", "decision": "approve"}
        assert client.post("/moderation/selected/", bulk).status_code == 403
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_queue_lists_waiting_submissions_oldest_first_with_map_data(
    moderator, campaign, make_submission
):
    first = make_submission(
        campaign, status="pending", comment="Erste Meldung", answers={"time_of_day": "night"}
    )
    second = make_submission(campaign, status="pending", comment="Zweite Meldung")
    make_submission(campaign, status="approved", comment="Schon entschieden", moderated_at=now())
    make_submission(campaign, status="rejected", comment="Abgelehnt")

    response = moderator.get("/moderation/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Erste Meldung") < html.index("Zweite Meldung")
    assert "Schon entschieden" not in html and "Abgelehnt" not in html
    style = response.context["map_style"]
    points = style["sources"]["submissions"]["data"]["features"]
    assert [f["id"] for f in points] == [first.pk, second.pk]
    assert points[0]["geometry"]["type"] == "Point"
    assert len(style["sources"]["areas"]["data"]["features"]) == 1
    assert json.loads(
        html.split('id="moderation-map-style" type="application/json">')[1].split("</script>")[0]
    ) == json.loads(json.dumps(style))
    assert f'<label for="reason-{first.pk}"' in html
    # Answers under the question's label (the test schema's "When?"), as the resident saw them.
    assert "<dt>When?</dt><dd>Nachts</dd>" in html


def test_approve_publishes_and_reports(moderator, campaign, make_submission):
    pending = make_submission(campaign, status="pending")
    response = moderator.post(f"/moderation/{pending.pk}/", {"decision": "approve"}, follow=True)
    assert response.redirect_chain[0][0] == "/moderation/#gp-messages"
    pending.refresh_from_db()
    assert pending.status == Status.APPROVED
    assert pending.moderated_by.username == "mod"
    assert f"#{pending.pk}" in [str(m) for m in response.context["messages"]][0]


def test_reject_needs_a_reason(moderator, campaign, make_submission):
    pending = make_submission(campaign, status="pending")
    response = moderator.post(
        f"/moderation/{pending.pk}/", {"decision": "reject", "reason": "  "}, follow=True
    )
    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and ("reason" in messages[0].lower() or "Grund" in messages[0])
    assert f'id="submission-{pending.pk}"' in response.content.decode()

    moderator.post(f"/moderation/{pending.pk}/", {"decision": "reject", "reason": "Doppelt"})
    pending.refresh_from_db()
    assert (pending.status, pending.moderation_reason) == (Status.REJECTED, "Doppelt")


def test_deciding_twice_says_so(moderator, campaign, make_submission):
    done = make_submission(campaign, status="rejected")
    response = moderator.post(f"/moderation/{done.pk}/", {"decision": "approve"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages and f"#{done.pk}" in messages[0]
    assert response.context["messages"]._loaded_messages[0].level_tag == "error"


def test_campaign_filter_keeps_its_choice_after_a_decision(
    moderator, campaign, make_campaign, make_category, make_submission
):
    other = make_campaign("hitze")
    make_category(other, "spot", "point")
    mine = make_submission(campaign, status="pending", comment="Angst")
    make_submission(other, status="pending", comment="Hitze hier")
    html = moderator.get("/moderation/", {"campaign": "fear"}).content.decode()
    assert "Angst" in html and "Hitze hier" not in html
    response = moderator.post(
        f"/moderation/{mine.pk}/", {"decision": "approve", "back": "campaign=fear&page=2&x=1"}
    )
    assert response["Location"] == "/moderation/?campaign=fear&page=2#gp-messages"


def test_unknown_decision_changes_nothing(moderator, campaign, make_submission):
    pending = make_submission(campaign, status="pending")
    response = moderator.post(f"/moderation/{pending.pk}/", {"decision": "publish"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    assert moderator.get(f"/moderation/{pending.pk}/").status_code == 405


def test_refusal_page_is_in_the_site_layout(as_user, db):
    html = as_user("citizen").get("/moderation/").content.decode()
    assert "<h1>Zugriff verweigert</h1>" in html
    assert "Nur Moderatorinnen und Moderatoren dürfen diese Seite öffnen." in html
