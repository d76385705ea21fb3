"""OGC API items carry each post's public status and answer, and filter by the status."""

import pytest
from owslib.ogcapi.features import Features

from geo_participation.moderation import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def answered(campaign, make_submission, make_user):
    """Three published posts (planned with an answer, done, untouched) and a rejected one."""
    planner = make_user("planner", "planners")
    planned, done, untouched = (make_submission(campaign) for _ in range(3))
    services.submission_respond(
        submission_id=planned.pk, actor=planner, public_status="planned", answer="Kommt 2027."
    )
    services.submission_respond(submission_id=done.pk, actor=planner, public_status="done")
    rejected = make_submission(campaign)
    services.submission_respond(
        submission_id=rejected.pk, actor=planner, public_status="planned", answer="Geheim."
    )
    services.submission_reject(submission_id=rejected.pk, moderator=planner, reason="Spam")
    return {"planned": planned, "done": done, "untouched": untouched, "rejected": rejected}


def test_owslib_reads_status_and_answer_and_filters_by_status(live_server, answered):
    api = Features(f"{live_server.url}/ogc/")
    everything = api.collection_items("fear", limit=100)
    props = {f["id"]: f["properties"] for f in everything["features"]}
    assert answered["rejected"].pk not in props
    planned = props[answered["planned"].pk]
    assert (planned["public_status"], planned["public_status_label"]) == ("planned", "Geplant")
    assert planned["answer"] == "Kommt 2027."
    assert planned["responded_at"]
    untouched = props[answered["untouched"].pk]
    assert (untouched["public_status"], untouched["answer"], untouched["responded_at"]) == (
        "received",
        "",
        None,
    )
    only = api.collection_items("fear", limit=100, public_status="planned,done")
    assert {f["id"] for f in only["features"]} == {answered["planned"].pk, answered["done"].pk}
    assert only["numberMatched"] == 2
    queryables = api.collection_queryables("fear")
    assert queryables["properties"]["public_status"]["enum"] == [
        "received",
        "in_review",
        "planned",
        "done",
        "not_feasible",
    ]


def test_an_unknown_status_is_an_ogc_400_naming_it(client, answered):
    response = client.get("/ogc/collections/fear/items", {"public_status": "later"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidParameterValue"
    assert "later" in body["description"]


def test_queryables_are_linked_from_the_collection_and_served_as_json_schema(client, answered):
    collection = client.get("/ogc/collections/fear").json()
    rels = {link["rel"]: link["href"] for link in collection["links"]}
    href = rels["http://www.opengis.net/def/rel/ogc/1.0/queryables"]
    response = client.get(href)
    assert response["Content-Type"] == "application/schema+json"
    assert set(response.json()["properties"]) == {"category", "public_status"}
    assert client.get(href, {"f": "html"}).status_code == 200
