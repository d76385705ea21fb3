"""PATCH/GET /api/submissions/{id}/response/, the status filter and the public status fields."""

import pytest

from geo_participation.moderation import services
from tests.conftest import submissions_url

pytestmark = pytest.mark.django_db


def url(post):
    return f"/api/submissions/{post.pk}/response/"


def test_a_planner_sets_status_and_answer_and_reads_the_history(
    campaign, make_submission, planner_api
):
    post = make_submission(campaign)
    body = {"public_status": "planned", "answer": "Die Beleuchtung kommt 2027."}
    response = planner_api.patch(url(post), body, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["public_status"], data["public_status_label"]) == ("planned", "Geplant")
    assert data["answer"] == "Die Beleuchtung kommt 2027."
    assert data["responded_at"] is not None
    assert [s["key"] for s in data["public_statuses"]][:3] == ["received", "in_review", "planned"]
    history = planner_api.get(url(post)).json()["history"]
    assert [(c["kind"], c["actor"], c["public_status"]) for c in history] == [
        ("responded", "planner", "planned")
    ]


def test_a_moderator_may_respond_too(campaign, make_submission, moderator_api):
    post = make_submission(campaign)
    response = moderator_api.patch(url(post), {"public_status": "done"}, format="json")
    assert response.status_code == 200
    assert response.json()["answer"] == ""


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_others_are_refused_in_the_error_shape(campaign, make_submission, make_user, make_api, who):
    post = make_submission(campaign)
    client = make_api(make_user("resident") if who == "resident" else None)
    for response in (
        client.patch(url(post), {"public_status": "done"}, format="json"),
        client.get(url(post)),
    ):
        assert response.status_code in (401, 403)
        assert response.json()["code"] in ("permission_denied", "not_authenticated")
    post.refresh_from_db()
    assert post.public_status == "received"


def test_an_unknown_status_is_a_400_naming_it(campaign, make_submission, planner_api):
    post = make_submission(campaign)
    response = planner_api.patch(url(post), {"public_status": "maybe"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_status"
    assert "maybe" in response.json()["detail"]


def test_a_too_long_answer_is_a_400(campaign, make_submission, planner_api):
    post = make_submission(campaign)
    response = planner_api.patch(url(post), {"answer": "x" * 4001}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_answer")


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_an_unpublished_post_is_a_409_and_hidden_from_planners(
    campaign, make_submission, planner_api, moderator_api, status
):
    post = make_submission(campaign, status=status)
    response = moderator_api.patch(url(post), {"public_status": "planned"}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "not_published")
    assert moderator_api.get(url(post)).status_code == 200
    assert planner_api.get(url(post)).status_code == 404
    # Writing tells a planner no more than reading: the same 404 as a missing post.
    answer = planner_api.patch(url(post), {"public_status": "planned"}, format="json")
    assert (answer.status_code, answer.json()["code"]) == (404, "not_found")


def test_a_missing_post_is_a_404(planner_api):
    response = planner_api.patch("/api/submissions/999999/response/", {}, format="json")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_the_campaign_api_lists_its_statuses_in_order(campaign, api):
    statuses = api.get(f"/api/campaigns/{campaign.slug}/").json()["public_statuses"]
    assert statuses[0] == {"key": "received", "label": "Eingegangen"}
    assert [s["key"] for s in statuses] == [
        "received",
        "in_review",
        "planned",
        "done",
        "not_feasible",
    ]


def _respond(post, user, **kwargs):
    services.submission_respond(submission_id=post.pk, actor=user, **kwargs)


def test_the_submissions_api_shows_status_and_answer_and_filters_by_them(
    campaign, make_submission, make_user, api
):
    planner = make_user("planner", "planners")
    planned, done, untouched = (make_submission(campaign) for _ in range(3))
    _respond(planned, planner, public_status="planned", answer="Kommt.")
    _respond(done, planner, public_status="done")
    page = api.get(submissions_url(campaign)).json()
    props = {f["id"]: f["properties"] for f in page["features"]}
    assert props[planned.pk]["public_status_label"] == "Geplant"
    assert props[planned.pk]["answer"] == "Kommt."
    assert props[untouched.pk]["public_status"] == "received"
    assert props[untouched.pk]["responded_at"] is None

    def ids(query):
        response = api.get(submissions_url(campaign), {"public_status": query})
        assert response.status_code == 200, response.content
        return {f["id"] for f in response.json()["features"]}

    assert ids("planned") == {planned.pk}
    assert ids("planned,done") == {planned.pk, done.pk}
    refused = api.get(submissions_url(campaign), {"public_status": "planned,nope"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "unknown_status"
    assert "nope" in refused.json()["detail"]


def test_an_own_pending_post_shows_no_status(campaign, make_api, make_user, make_submission):
    author = make_user("author")
    make_submission(campaign, status="pending", author=author)
    (own,) = make_api(author).get(submissions_url(campaign)).json()["features"]
    props = own["properties"]
    assert (props["status"], props["public_status"], props["answer"]) == ("pending", None, None)
    # Filtering by a status keeps published posts only.
    filtered = make_api(author).get(submissions_url(campaign), {"public_status": "received"})
    assert filtered.json()["features"] == []
