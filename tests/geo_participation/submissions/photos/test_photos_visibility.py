"""A photo is shown only once its submission is approved (author and moderators before)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from geo_participation.submissions.photos.models import Photo
from tests.conftest import feature, submissions_url
from tests.photo_helpers import jpeg_with_gps


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def pending(make_api, campaign):
    """An anonymous author's pending submission with a photo."""
    author = make_api()
    created = author.post(submissions_url(campaign), feature(comment="Hier"), format="json")
    pk = created.json()["id"]
    photo = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = author.post(f"/api/submissions/{pk}/photo/", {"photo": photo}, format="multipart")
    assert response.status_code == 201
    author.submission_id = pk
    return author


def photo_url(pk, thumbnail=False):
    return f"/api/submissions/{pk}/photo/" + ("thumbnail/" if thumbnail else "")


def approve(moderator_api, pk):
    """Approve as a moderator who saw the photo (the API insists on it)."""
    photo = Photo.objects.get(submission_id=pk).pk
    response = moderator_api.post(
        f"/api/moderation/submissions/{pk}/approve/", {"photo": photo}, format="json"
    )
    assert response.status_code == 200, response.content
    return response


def listed_photo(client, campaign, pk):
    features = client.get(submissions_url(campaign)).json()["features"]
    return next((f["properties"]["photo"] for f in features if f["id"] == pk), "not listed")


def test_pending_photo_is_404_for_the_public_and_other_users(pending, make_api, make_user):
    pk = pending.submission_id
    others = [make_api(), make_api(make_user("neighbour")), make_api(make_user("p", "planners"))]
    for client in others:
        assert client.get(photo_url(pk)).status_code == 404
        assert client.get(photo_url(pk, thumbnail=True)).status_code == 404


def test_author_and_moderators_see_the_pending_photo(pending, moderator_api, campaign):
    pk = pending.submission_id
    assert pending.get(photo_url(pk)).status_code == 200
    assert moderator_api.get(photo_url(pk)).status_code == 200
    # The author's listing carries it; the moderation queue too.
    assert listed_photo(pending, campaign, pk)["url"].endswith(photo_url(pk))
    queue = moderator_api.get("/api/moderation/queue/").json()["features"]
    assert queue[0]["properties"]["photo"]["thumbnail"].endswith(photo_url(pk, True))


def test_after_approval_everyone_sees_the_photo(pending, moderator_api, make_api, campaign):
    pk = pending.submission_id
    public = make_api()
    assert listed_photo(public, campaign, pk) == "not listed"
    approve(moderator_api, pk)

    response = public.get(photo_url(pk))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert Image.open(BytesIO(b"".join(response.streaming_content))).format == "JPEG"
    photo = listed_photo(public, campaign, pk)
    assert photo["url"] == f"http://testserver{photo_url(pk)}"
    assert photo["thumbnail"] == f"http://testserver{photo_url(pk, True)}"
    assert (photo["width"], photo["height"]) == (600, 400)


def test_rejection_deletes_the_photo_and_its_files(
    pending, moderator_api, media, django_capture_on_commit_callbacks
):
    pk = pending.submission_id
    assert len([p for p in media.rglob("*") if p.is_file()]) == 2
    # Files go once the deletion is committed (the test's own transaction never is).
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_api.post(
            f"/api/moderation/submissions/{pk}/reject/",
            {"reason": "Gesicht erkennbar"},
            format="json",
        )
    assert response.status_code == 200
    assert response.json()["properties"]["photo"] is None
    assert not Photo.objects.exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []
    assert pending.get(photo_url(pk)).status_code == 404
    assert moderator_api.get(photo_url(pk)).status_code == 404


def test_submission_without_photo_lists_null(make_api, campaign, make_submission):
    submission = make_submission(campaign)
    assert listed_photo(make_api(), campaign, submission.pk) is None
    assert make_api().get(photo_url(submission.pk)).status_code == 404


def add_approved_with_photo(make_api, moderator_api, campaign):
    author = make_api()
    created = author.post(submissions_url(campaign), feature(comment="Hier"), format="json")
    pk = created.json()["id"]
    photo = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = author.post(f"/api/submissions/{pk}/photo/", {"photo": photo}, format="multipart")
    assert response.status_code == 201
    approve(moderator_api, pk)


@pytest.mark.parametrize("viewer", ["anonymous", "planner"])
def test_listing_with_photos_costs_no_query_per_submission(
    viewer, moderator_api, make_api, make_user, campaign
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = make_api(make_user("p", "planners") if viewer == "planner" else None)
    ctx_last = []

    def queries():
        client.get(submissions_url(campaign))  # warm: cookies, sessions
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(submissions_url(campaign))
        assert response.status_code == 200
        ctx_last[:] = ctx.captured_queries
        return len(ctx.captured_queries), response.json()["features"]

    add_approved_with_photo(make_api, moderator_api, campaign)
    one, features = queries()
    assert len(features) == 1 and features[0]["properties"]["photo"] is not None
    for _ in range(4):
        add_approved_with_photo(make_api, moderator_api, campaign)
    five, features = queries()
    assert len(features) == 5 and all(f["properties"]["photo"] for f in features)
    assert five == one, "\n".join(q["sql"][:200] for q in ctx_last)
