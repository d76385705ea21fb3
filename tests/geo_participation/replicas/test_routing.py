"""Public reads come from a real streaming replica; writes and everything personal from the primary.

Each test pauses the replica's replay, writes on the primary, and reads: a row the replica
lacks shows which database answered.
"""

import pytest
from django.db import router
from django.test import Client

from geo_participation.campaigns.models import Campaign
from geo_participation.replicas.middleware import PIN_COOKIE, may_read_replica
from geo_participation.submissions.models import Submission
from tests.conftest import TIME_QUESTION, feature, submissions_url
from tests.replica_helpers import DATABASES
from tests.tile_helpers import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, databases=DATABASES)


def listed(client, campaign) -> set[int]:
    response = client.get(submissions_url(campaign))
    assert response.status_code == 200, response.content
    return {f["id"] for f in response.json()["features"]}


def test_public_reads_come_from_the_replica(replica, campaign, make_campaign, make_submission):
    first = make_submission(campaign)
    replica.pause()
    make_submission(campaign)
    make_campaign("later")

    assert listed(Client(), campaign) == {first.pk}
    assert {c["slug"] for c in Client().get("/api/campaigns/").json()} == {"fear"}
    replica.resume()
    assert {c["slug"] for c in Client().get("/api/campaigns/").json()} == {"fear", "later"}


def test_signed_in_and_api_credentials_read_the_primary(
    replica, campaign, make_submission, make_user
):
    first = make_submission(campaign)
    replica.pause()
    second = make_submission(campaign)
    make_user("citizen")
    signed_in = Client()
    assert signed_in.login(username="citizen", password=PASSWORD)

    assert listed(signed_in, campaign) == {first.pk, second.pk}
    token = Client(HTTP_AUTHORIZATION="Token not-a-valid-token")
    # Credentials, even wrong ones, make an answer personal: never from a replica.
    assert token.get(submissions_url(campaign)).status_code == 401
    assert listed(Client(), campaign) == {first.pk}


def test_writes_go_to_the_primary_and_pin_the_writer(
    replica, make_campaign, make_category, make_submission
):
    campaign = make_campaign("open", moderation="post")
    make_category(campaign, "spot", "point", questions=[TIME_QUESTION])
    first = make_submission(campaign)
    replica.pause()
    writer, stranger = Client(), Client()

    response = writer.post(submissions_url(campaign), feature(), content_type="application/json")

    assert response.status_code == 201, response.content
    mine = response.json()["id"]
    assert Submission.objects.get(pk=mine).status == "approved"  # on the primary
    assert response.cookies[PIN_COOKIE]["max-age"] == 10
    # Read-your-writes: the writer sees their post at once, a stranger the replica's list.
    assert listed(writer, campaign) == {first.pk, mine}
    assert listed(stranger, campaign) == {first.pk}
    replica.resume()
    assert listed(stranger, campaign) == {first.pk, mine}


def test_a_pin_ends(replica, campaign, make_submission):
    first = make_submission(campaign)
    replica.pause()
    make_submission(campaign)
    ended = Client()
    ended.cookies[PIN_COOKIE] = "1000"  # 1970: long over

    assert listed(ended, campaign) == {first.pk}


@pytest.mark.parametrize(
    ("method", "path", "headers", "public"),
    [
        ("GET", "/tiles/fear/15/17000/11000.mvt", {}, True),
        ("HEAD", "/tiles/fear/submissions.json", {}, True),
        ("GET", "/ogc/collections/fear/items", {}, True),
        ("GET", "/heatmaps/fear/density.png", {}, True),
        ("GET", "/api/campaigns/fear/submissions/", {}, True),
        ("GET", "/exports/fear/submissions.geojson", {}, True),
        ("POST", "/api/campaigns/fear/submissions/", {}, False),
        ("GET", "/tiles/fear/15/17000/11000.mvt", {"HTTP_AUTHORIZATION": "Token x"}, False),
        ("GET", "/tiles/fear/15/17000/11000.mvt", {"HTTP_COOKIE": "sessionid=x"}, False),
        ("GET", "/tiles/fear/15/17000/11000.mvt", {"HTTP_COOKIE": f"{PIN_COOKIE}=9e9"}, False),
        ("GET", "/api/moderation/queue/", {}, False),
        ("GET", "/c/fear/", {}, False),
        ("GET", "/auswertung/", {}, False),
        ("GET", "/admin/", {}, False),
    ],
)
def test_which_requests_may_read_a_replica(rf, method, path, headers, public):
    request = rf.generic(method, path, **headers)
    assert may_read_replica(request) is public


def test_outside_a_request_every_read_is_on_the_primary(replica):
    # Management commands, the worker and tests run outside any request.
    assert router.db_for_read(Campaign) == "default"
    assert router.db_for_write(Campaign) == "default"
