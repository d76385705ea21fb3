"""photos/upload.js on the add page: the form's gp:submitted event uploads the chosen photo."""

import base64

import pytest

from geo_participation.photos.models import Photo
from geo_participation.submissions.models import Submission
from tests.page_helpers import german_page, needs_browser, plain_static  # noqa: F401 - fixtures
from tests.photo_helpers import jpeg_with_gps

pytestmark = needs_browser


@pytest.fixture
def page(german_page, settings, tmp_path):  # noqa: F811 - the imported fixture, renamed
    settings.MEDIA_ROOT = tmp_path / "media"
    return german_page


# What the add form does on success: the stored Feature and the chosen file in the event.
SUBMIT_AND_FIRE = """
async ([slug, photoBase64, name]) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const response = await fetch(`/api/campaigns/${slug}/submissions/`, {
    method: "POST",
    credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-CSRFToken": token},
    body: JSON.stringify({type: "Feature", geometry: {type: "Point", coordinates: [7.77, 49.44]},
                          properties: {category: "spot", answers: {time_of_day: "night"}}}),
  });
  const submission = await response.json();
  const bytes = Uint8Array.from(atob(photoBase64), (c) => c.charCodeAt(0));
  const photo = new File([bytes], name, {type: "image/jpeg"});
  const form = document.getElementById("photo-field").closest("form");
  form.dispatchEvent(new CustomEvent("gp:submitted", {detail: {submission, photo}}));
  return submission.id;
}
"""


def open_add_form(page, live_server, campaign):
    page.goto(f"{live_server.url}/c/{campaign.slug}/add/")
    page.wait_for_selector("#photo-field")
    # The page includes upload.js itself; it has wired the form once its status line exists.
    page.wait_for_selector("#gp-photo-status", state="attached")


def test_the_chosen_photo_is_uploaded_after_submitting(page, live_server, campaign):
    open_add_form(page, live_server, campaign)
    photo = base64.b64encode(jpeg_with_gps()).decode()
    pk = page.evaluate(SUBMIT_AND_FIRE, [campaign.slug, photo, "platz.jpg"])
    page.wait_for_selector("#gp-photo-status[data-state=done]")
    assert "Foto gespeichert" in page.inner_text("#gp-photo-status")
    assert Photo.objects.get().submission == Submission.objects.get(pk=pk)
    assert page.foreign_requests == []


def test_a_refused_photo_is_reported_with_the_servers_reason(page, live_server, campaign):
    open_add_form(page, live_server, campaign)
    not_a_photo = base64.b64encode(b"%PDF-1.4 not really a photo").decode()
    page.evaluate(SUBMIT_AND_FIRE, [campaign.slug, not_a_photo, "platz.jpg"])
    page.wait_for_selector("#gp-photo-status[data-state=failed]")
    text = page.inner_text("#gp-photo-status")
    assert "nicht gespeichert" in text and "kein JPEG-, PNG- oder WebP-Bild" in text
    assert not Photo.objects.exists()
