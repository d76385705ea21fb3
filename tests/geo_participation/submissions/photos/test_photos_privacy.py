"""Photos that would reveal more than the place: sensitive categories, unreviewed
post-moderated submissions; and public photo responses that must stay cacheable."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from geo_participation.submissions.photos.models import Photo
from tests.conftest import RATING_QUESTION, TIME_QUESTION, feature, submissions_url
from tests.photo_helpers import jpeg_with_gps


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def photo_url(pk, thumbnail=False):
    return f"/api/submissions/{pk}/photo/" + ("thumbnail/" if thumbnail else "")


def post_with_photo(client, campaign, category="spot"):
    created = client.post(
        submissions_url(campaign), feature(comment="Hier", category=category), format="json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    photo = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(photo_url(pk), {"photo": photo}, format="multipart")
    assert response.status_code == 201, response.content
    return pk


def approve(moderator_api, pk):
    """Approve as a moderator who saw the submission's photo."""
    photo = Photo.objects.get(submission_id=pk)
    return moderator_api.post(
        f"/api/moderation/submissions/{pk}/approve/", {"photo": photo.pk}, format="json"
    )


def listed_photo(client, campaign, pk):
    features = client.get(submissions_url(campaign)).json()["features"]
    return next((f["properties"]["photo"] for f in features if f["id"] == pk), "not listed")


def test_sensitive_photos_are_never_public(
    campaign, make_category, make_api, make_user, moderator_api, planner_api
):
    make_category(campaign, "shelter", "point", sensitive=True)
    author = make_api()
    pk = post_with_photo(author, campaign, category="shelter")
    assert approve(moderator_api, pk).status_code == 200

    for stranger in (make_api(), make_api(make_user("neighbour"))):
        assert stranger.get(photo_url(pk)).status_code == 404
        assert stranger.get(photo_url(pk, thumbnail=True)).status_code == 404
        assert listed_photo(stranger, campaign, pk) is None
    for allowed in (author, moderator_api, planner_api):
        response = allowed.get(photo_url(pk))
        assert response.status_code == 200
        # Never in a shared cache.
        assert response["Cache-Control"] == "private, no-store"
        assert listed_photo(allowed, campaign, pk)["url"].endswith(photo_url(pk))


def test_post_moderated_photo_is_public_only_after_an_approve(
    make_campaign, make_category, make_api, moderator_api
):
    campaign = make_campaign("post", moderation="post")
    make_category(campaign, "spot", "point", questions=[TIME_QUESTION, RATING_QUESTION])
    author = make_api()
    pk = post_with_photo(author, campaign)
    public = make_api()
    # The place is published at once, its photo is not.
    assert listed_photo(public, campaign, pk) is None
    assert public.get(photo_url(pk)).status_code == 404
    assert author.get(photo_url(pk)).status_code == 200
    # The moderation queue lists it with the photo to review.
    queue = moderator_api.get("/api/moderation/queue/").json()["features"]
    assert [f["id"] for f in queue] == [pk]
    assert queue[0]["properties"]["photo"] is not None
    response = approve(moderator_api, pk)
    assert response.status_code == 200, response.content
    assert public.get(photo_url(pk)).status_code == 200
    assert listed_photo(public, campaign, pk)["url"].endswith(photo_url(pk))


def test_public_photo_sets_no_client_cookie(campaign, make_api, moderator_api):
    pk = post_with_photo(make_api(), campaign)
    assert approve(moderator_api, pk).status_code == 200
    response = make_api().get(photo_url(pk))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert "gp_client" not in response.cookies
