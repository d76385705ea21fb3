"""Images made with Pillow for the photo tests: real files with real metadata."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from geo_participation.submissions.photos.models import Photo
from tests.conftest import feature, submissions_url

GPS_IFD = 0x8825
CAMERA = "GeoLeakCam 3000"


def jpeg_with_gps(size=(600, 400), orientation=None) -> bytes:
    """Return a JPEG whose EXIF names a camera and a GPS position (and an orientation)."""
    image = Image.new("RGB", size, (200, 30, 30))
    # A marker in the top-left corner, so rotation can be checked on the pixels too.
    image.paste((20, 20, 220), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    exif[0x010F] = CAMERA  # Make
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (49.0, 26.0, 41.0), 3: "E", 4: (7.0, 46.0, 7.0)})
    out = BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def png_with_text(size=(300, 200)) -> bytes:
    """Return a PNG with transparency and a text chunk."""
    image = Image.new("RGBA", size, (0, 128, 0, 128))
    info = PngInfo()
    info.add_text("Comment", "secret home address")
    out = BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def image_bytes(fmt: str, size=(120, 80), mode="RGB") -> bytes:
    """Return a plain image in the given Pillow format."""
    out = BytesIO()
    Image.new(mode, size, 128).save(out, fmt)
    return out.getvalue()


def png_bomb(side=12_000) -> bytes:
    """Return a small PNG that decodes to side x side pixels (a decompression bomb)."""
    out = BytesIO()
    Image.new("1", (side, side), 0).save(out, "PNG", optimize=True)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def resident_post(client, campaign):
    """Return the API client after it posted one pending post (its id in .submission_id)."""
    created = client.post(submissions_url(campaign), feature(comment="Hier"), format="json")
    client.submission_id = created.json()["id"]
    return client


def attach(author) -> int:
    """Attach a photo to the author's post through the API; return the photo's id."""
    photo = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    pk = author.submission_id
    response = author.post(f"/api/submissions/{pk}/photo/", {"photo": photo}, format="multipart")
    assert response.status_code == 201
    return Photo.objects.get(submission_id=pk).pk
