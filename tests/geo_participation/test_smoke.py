from geo_participation.submissions.models import Submission
from tests.conftest import feature


def test_post_then_approve_then_public(campaign, api, moderator_api):
    url = f"/api/campaigns/{campaign.slug}/submissions/"
    r = api.post(url, feature(comment="dark underpass"), format="json")
    assert r.status_code == 201, r.json()
    sid = r.json()["id"]
    assert r.json()["properties"]["status"] == "pending"
    stranger = type(api)()
    assert stranger.get(url).json()["features"] == []
    assert [f["id"] for f in api.get(url).json()["features"]] == [sid]
    r = moderator_api.post(f"/api/moderation/submissions/{sid}/approve/")
    assert r.status_code == 200, r.json()
    assert [f["id"] for f in stranger.get(url).json()["features"]] == [sid]
    assert Submission.objects.get(pk=sid).geom_3857.srid == 3857
