"""Photo upload: checked by content, stored re-encoded without metadata, nothing kept on refusal."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from geo_participation.submissions.photos.models import Photo
from tests.conftest import feature, submissions_url
from tests.photo_helpers import (
    CAMERA,
    GPS_IFD,
    PDF,
    image_bytes,
    jpeg_with_gps,
    png_bomb,
    png_with_text,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


@pytest.fixture
def author(make_api, campaign):
    """An anonymous client (with its cookie) that has just submitted a pending place."""
    client = make_api()
    response = client.post(submissions_url(campaign), feature(comment="Dunkel"), format="json")
    assert response.status_code == 201
    client.submission_id = response.json()["id"]
    return client


def upload(client, submission_id, content, name="photo.jpg", content_type="image/jpeg"):
    return client.post(
        f"/api/submissions/{submission_id}/photo/",
        {"photo": SimpleUploadedFile(name, content, content_type=content_type)},
        format="multipart",
    )


def test_jpeg_comes_back_upright_without_exif_gps_or_camera(author, media):
    source = jpeg_with_gps(size=(600, 400), orientation=6)  # stored sideways, EXIF says turn
    assert Image.open(BytesIO(source)).getexif().get_ifd(GPS_IFD)  # the test image has GPS

    response = upload(author, author.submission_id, source)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["url"].endswith(f"/api/submissions/{author.submission_id}/photo/")
    assert body["thumbnail"].endswith("/photo/thumbnail/")
    assert (body["width"], body["height"]) == (400, 600)  # orientation applied
    photo = Photo.objects.get(submission_id=author.submission_id)
    stored = (media / photo.image.name).read_bytes()
    assert b"Exif" not in stored and CAMERA.encode() not in stored
    image = Image.open(BytesIO(stored))
    assert image.format == "JPEG" and image.size == (400, 600)
    assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
    # The blue marker was top-left before turning 90 degrees clockwise: now top-right.
    red, green, blue = image.convert("RGB").getpixel((390, 10))
    assert blue > 150 and red < 100
    thumb = Image.open(media / photo.thumbnail.name)
    assert max(thumb.size) == 400 and thumb.size[0] < thumb.size[1]
    assert not thumb.getexif()
    # The uploader's file name is not kept.
    assert "photo.jpg" not in photo.image.name


def test_author_fetches_the_pending_photo_and_thumbnail(author):
    upload(author, author.submission_id, jpeg_with_gps())
    response = author.get(f"/api/submissions/{author.submission_id}/photo/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert Image.open(BytesIO(b"".join(response.streaming_content))).format == "JPEG"
    thumb = author.get(f"/api/submissions/{author.submission_id}/photo/thumbnail/")
    assert thumb.status_code == 200
    assert max(Image.open(BytesIO(b"".join(thumb.streaming_content))).size) <= 400


def test_png_keeps_transparency_and_loses_its_text_chunks(author, media):
    response = upload(author, author.submission_id, png_with_text(), name="x.png")
    assert response.status_code == 201, response.content
    photo = Photo.objects.get()
    stored = (media / photo.image.name).read_bytes()
    assert b"secret home address" not in stored
    image = Image.open(BytesIO(stored))
    assert (image.format, image.mode) == ("PNG", "RGBA")
    assert image.getpixel((5, 5))[3] == 128
    assert photo.content_type == "image/png"


def test_webp_is_accepted(author):
    response = upload(author, author.submission_id, image_bytes("WEBP"), name="x.webp")
    assert response.status_code == 201, response.content
    assert Photo.objects.get().format == "WEBP"


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (PDF, "holiday.jpg", "image/jpeg"),
        (b"just some text, honestly a photo\n" * 20, "photo.jpg", "image/jpeg"),
        (image_bytes("GIF"), "photo.png", "image/png"),
        (image_bytes("BMP"), "photo.jpg", "image/jpeg"),
    ],
    ids=["pdf-named-jpg", "text-named-jpg", "gif", "bmp"],
)
def test_what_is_not_a_jpeg_png_or_webp_is_refused_and_nothing_stored(
    author, media, content, name, content_type
):
    response = upload(author, author.submission_id, content, name, content_type)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_image"
    assert "JPEG, PNG" in response.json()["detail"] or "JPEG-, PNG" in response.json()["detail"]
    assert not Photo.objects.exists()
    assert stored_files(media) == []


def test_a_truncated_jpeg_is_refused_as_damaged(author, media):
    whole = jpeg_with_gps(size=(800, 600))
    response = upload(author, author.submission_id, whole[: len(whole) // 2])
    assert response.status_code == 400
    assert response.json()["code"] == "damaged_image"
    assert stored_files(media) == []


def test_over_ten_megabytes_is_refused_before_reading(author, media, settings, monkeypatch):
    from rest_framework.parsers import MultiPartParser

    from geo_participation.submissions.photos.api import MULTIPART_OVERHEAD

    parsed = []
    real_parse = MultiPartParser.parse
    monkeypatch.setattr(
        MultiPartParser,
        "parse",
        lambda self, *a, **k: parsed.append(1) or real_parse(self, *a, **k),
    )
    # Over the limit even after the multipart allowance: the Content-Length guard answers.
    big = jpeg_with_gps()
    big += b"\0" * (settings.GP_PHOTO_MAX_BYTES + MULTIPART_OVERHEAD + 1 - len(big))
    response = upload(author, author.submission_id, big)
    assert response.status_code == 413
    assert response.json()["code"] == "photo_too_large"
    assert "10 MB" in response.json()["detail"]
    assert parsed == []  # the body was never parsed
    assert stored_files(media) == [] and not Photo.objects.exists()

    # Just under the guard, the parser runs and the file's own size is refused.
    small = big[: settings.GP_PHOTO_MAX_BYTES + 1]
    assert upload(author, author.submission_id, small).status_code == 413
    assert parsed == [1]


def test_encode_maps_lazy_pillow_errors_to_damaged_image():
    from geo_participation.errors import Rejected
    from geo_participation.submissions.photos import images

    whole = jpeg_with_gps(size=(800, 600), orientation=6)
    # Opens (the header is whole), fails when the pixels are decoded inside encode().
    image = Image.open(BytesIO(whole[: len(whole) // 2]))
    with pytest.raises(Rejected) as raised:
        images.encode(image)
    assert (raised.value.code, raised.value.status_code) == ("damaged_image", 400)


def test_one_byte_over_the_limit_is_refused(author, media, settings):
    settings.GP_PHOTO_MAX_BYTES = 200_000  # below the multipart allowance, so the file's size
    content = jpeg_with_gps()
    content += b"\0" * (settings.GP_PHOTO_MAX_BYTES + 1 - len(content))
    response = upload(author, author.submission_id, content)
    assert response.status_code == 413
    assert stored_files(media) == []


def test_a_decompression_bomb_is_refused_before_decoding(author, media):
    bomb = png_bomb()  # 17 kB on disk, 144 million pixels decoded
    assert len(bomb) < 100_000
    response = upload(author, author.submission_id, bomb, name="x.png")
    assert response.status_code == 413
    assert response.json()["code"] == "image_too_large"
    assert stored_files(media) == []


def test_pixel_limit_comes_from_the_settings(author, settings):
    settings.GP_PHOTO_MAX_PIXELS = 100 * 100
    response = upload(author, author.submission_id, image_bytes("PNG", size=(101, 100)), "a.png")
    assert response.status_code == 413
    assert response.json()["limit"] == 10_000


def test_missing_field_names_the_field(author):
    response = author.post(
        f"/api/submissions/{author.submission_id}/photo/",
        {"picture": SimpleUploadedFile("a.jpg", jpeg_with_gps())},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "photo_missing"
    assert "'photo'" in response.json()["detail"]


def test_json_body_is_refused_with_415(author):
    response = author.post(
        f"/api/submissions/{author.submission_id}/photo/", {"photo": "x"}, format="json"
    )
    assert response.status_code == 415


def test_only_the_author_may_attach_and_only_one_photo(author, make_api, make_user, media):
    stranger = make_api()
    assert upload(stranger, author.submission_id, jpeg_with_gps()).status_code == 404
    other_user = make_api(make_user("someone"))
    assert upload(other_user, author.submission_id, jpeg_with_gps()).status_code == 404
    assert upload(author, 999_999, jpeg_with_gps()).status_code == 404
    assert upload(author, author.submission_id, jpeg_with_gps()).status_code == 201
    again = upload(author, author.submission_id, jpeg_with_gps())
    assert again.status_code == 409
    assert again.json()["code"] == "photo_exists"
    assert len(stored_files(media)) == 2  # the first photo and its thumbnail only


def test_registered_author_uploads_with_a_session(campaign, make_user, make_api):
    client = make_api(make_user("resident"))
    created = client.post(submissions_url(campaign), feature(), format="json")
    response = upload(client, created.json()["id"], jpeg_with_gps())
    assert response.status_code == 201


def test_no_photo_after_the_moderators_decision(author, moderator_api):
    moderator_api.post(f"/api/moderation/submissions/{author.submission_id}/approve/")
    response = upload(author, author.submission_id, jpeg_with_gps())
    assert response.status_code == 409
    assert response.json()["code"] == "already_moderated"


def test_photos_are_throttled_apart_from_submissions(make_api, campaign, settings):
    settings.GP_SUBMISSION_RATE = "1/hour"
    client = make_api()
    pk = client.post(submissions_url(campaign), feature(), format="json").json()["id"]
    # The submission used up the hour's one submission; the photo has its own counter.
    assert upload(client, pk, jpeg_with_gps()).status_code == 201
    again = upload(client, pk, jpeg_with_gps())
    assert again.status_code == 429
    assert "Retry-After" in again
