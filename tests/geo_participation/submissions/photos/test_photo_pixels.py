"""Images Pillow would decode whole (PNG, WebP) are refused by their header's pixel count before
any pixel is decoded; a JPEG of the same size is decoded at a reduced scale and taken."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from geo_participation.submissions.photos import images
from geo_participation.submissions.photos.models import Photo
from tests.conftest import feature, submissions_url

pytestmark = pytest.mark.django_db
SIDE = 7_000  # 49 million pixels: under GP_PHOTO_MAX_PIXELS, 196 MB decoded as RGBA


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def author(make_api, campaign):
    client = make_api()
    response = client.post(submissions_url(campaign), feature(), format="json")
    client.submission_id = response.json()["id"]
    return client


@pytest.fixture
def decoded(monkeypatch):
    """Record the size of every image whose pixels Pillow decodes."""
    sizes = []
    load = ImageFile.ImageFile.load

    def recording(image):
        sizes.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording)
    return sizes


def big(fmt: str, mode: str) -> bytes:
    image = Image.new(mode, (SIDE, SIDE), 0)
    image.paste(255, (0, 0, SIDE // 3, SIDE // 3))
    out = BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def upload(author, content, name):
    photo = SimpleUploadedFile(name, content)
    url = f"/api/submissions/{author.submission_id}/photo/"
    return author.post(url, {"photo": photo}, format="multipart")


def test_a_huge_png_is_refused_on_its_header_before_decoding(author, settings, decoded):
    png = big("PNG", "RGBA")
    assert len(png) < 1_000_000  # a small file ...
    assert SIDE * SIDE < settings.GP_PHOTO_MAX_PIXELS  # ... under the limit of JPEG photos
    response = upload(author, png, "bomb.png")
    assert response.status_code == 413, response.content[:300]
    body = response.json()
    assert body["code"] == "image_too_large"
    assert body["limit"] == settings.GP_PHOTO_MAX_WHOLE_PIXELS
    assert f"{settings.GP_PHOTO_MAX_WHOLE_PIXELS}" in body["detail"]
    assert decoded == []  # not a pixel decoded
    assert not Photo.objects.exists()


def test_the_limit_of_whole_decodes_follows_a_lower_setting(settings):
    settings.GP_PHOTO_MAX_PIXELS = 1000
    assert images.pixel_limit("PNG") == images.pixel_limit("JPEG") == 1000


def test_a_jpeg_of_the_same_size_is_decoded_at_a_reduced_scale_and_kept(author, decoded):
    response = upload(author, big("JPEG", "RGB"), "large.jpg")
    assert response.status_code == 201, response.content[:300]
    side = max(decoded[0])
    assert side < SIDE  # draft(): decoded at half the size or less
    assert Photo.objects.get().width == 2048
