"""A poll's questions pages: options with images and alt text, refusals beside the field,
the ballots rule, the publish checklist for polls and votes."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from geo_participation.campaigns.models import Campaign
from geo_participation.polls.models import Ballot, PollQuestion
from geo_participation.polls.setup_services import question_save

pytestmark = pytest.mark.django_db


def png(colour="red", size=(64, 48)) -> SimpleUploadedFile:
    """Return a PNG made with Pillow, carrying a text chunk the re-encoding must drop."""
    from PIL.PngImagePlugin import PngInfo

    out, info = io.BytesIO(), PngInfo()
    info.add_text("Comment", "secret camera note")
    Image.new("RGB", size, colour).save(out, "PNG", pnginfo=info)
    return SimpleUploadedFile("ampel.png", out.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def poll(make_campaign):
    return make_campaign(
        "ampel", draft=True, kind="poll", title_de="Ampel", description_de="Welches Symbol?"
    )


def question_data(*options, **changes) -> dict:
    """Return the question form's fields with option rows (dicts of the option fields)."""
    data = {
        "label_de": "Welches Symbol gefällt Ihnen?",
        "label_en": "Which symbol do you like?",
        "kind": "single",
        "required": "on",
        "option-TOTAL_FORMS": str(len(options)),
        "option-INITIAL_FORMS": "0",
    }
    for i, option in enumerate(options):
        data |= {f"option-{i}-{name}": value for name, value in option.items()}
    return data | changes


def _url(campaign, suffix=""):
    return f"/einrichten/{campaign.slug}/fragen/{suffix}"


def _error(response, field) -> str:
    page = response.content.decode()
    return page.split(f'id="id_{field}-error"', 1)[1].split("</p>", 1)[0]


def _two_options(manager_client, poll) -> PollQuestion:
    data = question_data(
        {"label_de": "Fußgänger", "label_en": "Pedestrian", "image": png(), "alt_text_de": "Rot"},
        {"label_de": "Fahrrad", "label_en": "Bicycle"},
    )
    response = manager_client.post(_url(poll, "neu/"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return poll.poll_questions.get()


def test_a_question_with_an_image_option_is_stored_re_encoded(manager_client, poll):
    page = manager_client.get(_url(poll)).content.decode()
    assert "noch keine Fragen" in page and f'href="/einrichten/{poll.slug}/fragen/"' in page
    question = _two_options(manager_client, poll)
    assert question.key == "welches_symbol_gefaellt_ihnen" and question.kind == "single"
    first, second = question.options.order_by("position")
    assert (first.label_de, first.label_en, first.alt_text_de) == ("Fußgänger", "Pedestrian", "Rot")
    assert first.image_format == "PNG" and not second.image
    stored = first.image.open("rb").read()
    assert stored.startswith(b"\x89PNG") and b"secret camera note" not in stored
    thumb = manager_client.get(_url(poll, f"bild/{first.pk}/"))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/png"
    assert Client().get(_url(poll, f"bild/{first.pk}/")).status_code == 302  # to login
    edit = manager_client.get(_url(poll, f"{question.pk}/")).content.decode()
    assert 'alt="Rot"' in edit and "Bild entfernen" in edit


def test_an_image_without_alt_text_is_refused_beside_the_field(manager_client, poll):
    data = question_data({"label_de": "Rot", "image": png()}, {"label_de": "Grün"})
    response = manager_client.post(_url(poll, "neu/"), data)
    assert response.status_code == 400
    assert "was das Bild zeigt" in _error(response, "option-0-alt_text_de")
    assert not PollQuestion.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.png", b"not an image", content_type="image/png"), "JPEG-, PNG-"),
        ("big", "größer als"),
    ],
)
def test_a_bad_image_is_refused_beside_the_field(manager_client, poll, settings, upload, message):
    if upload == "big":
        settings.GP_PHOTO_MAX_BYTES = 100
        upload = png()
    data = question_data(
        {"label_de": "Rot", "image": upload, "alt_text_de": "Rot"}, {"label_de": "Grün"}
    )
    response = manager_client.post(_url(poll, "neu/"), data)
    assert response.status_code == 400
    assert message in _error(response, "option-0-image")
    assert not PollQuestion.objects.exists()


def test_a_choice_question_needs_two_options_and_a_scale_its_range(manager_client, poll):
    response = manager_client.post(_url(poll, "neu/"), question_data({"label_de": "Nur eine"}))
    assert response.status_code == 400
    assert "mindestens zwei Optionen" in response.content.decode()
    response = manager_client.post(
        _url(poll, "neu/"), question_data(kind="scale", scale_min="5", scale_max="1")
    )
    assert response.status_code == 400 and "über ihrem Anfang" in _error(response, "scale_max")
    response = manager_client.post(
        _url(poll, "neu/"), question_data(kind="scale", scale_min="1", scale_max="5")
    )
    assert response.status_code == 302
    assert PollQuestion.objects.get().scale_max == 5


def test_add_another_option_adds_a_row_and_saves_nothing(manager_client, poll):
    data = question_data({"label_de": "Rot"}, add_option="1")
    response = manager_client.post(_url(poll, "neu/"), data)
    page = response.content.decode()
    assert response.status_code == 200 and 'name="option-1-label_de"' in page
    assert 'name="option-1-label_de" maxlength="300" autofocus' in page or "autofocus" in page
    assert not PollQuestion.objects.exists()


def test_a_vote_is_one_multiple_choice_question_with_votes_per_person(
    manager_client, make_campaign
):
    vote = make_campaign("events", draft=True, kind="vote")
    page = manager_client.get(_url(vote, "neu/")).content.decode()
    assert "Stimmen pro Person" in page and 'value="single"' not in page
    data = question_data(
        {"label_de": "Markt"},
        {"label_de": "Kino"},
        {"label_de": "Lauf"},
        label_de="Welche Events?",
        kind="multiple",
        max_choices="2",
    )
    assert manager_client.post(_url(vote, "neu/"), data).status_code == 302
    question = vote.poll_questions.get()
    assert (question.kind, question.max_choices, question.options.count()) == ("multiple", 2, 3)
    assert "Frage hinzufügen" not in manager_client.get(_url(vote)).content.decode()
    response = manager_client.post(_url(vote, "neu/"), data | {"label_de": "Noch eine"})
    assert (
        response.status_code == 400
        and "Eine Abstimmung hat eine Frage" in response.content.decode()
    )
    assert vote.poll_questions.count() == 1


def test_a_map_campaign_has_no_questions_pages(manager_client, make_campaign):
    campaign = make_campaign("radwege", draft=True)
    assert manager_client.get(_url(campaign)).status_code == 404


def test_with_ballots_options_may_be_added_and_renamed_but_not_removed(
    manager_client, poll, make_user
):
    question = _two_options(manager_client, poll)
    first, second = question.options.order_by("position")
    Ballot.objects.create(campaign=poll, user=make_user("anna"), answers={question.key: "fahrrad"})
    rows = [
        {"original": first.key, "label_de": "Zu Fuß", "alt_text_de": "Rot"},
        {"original": second.key, "label_de": "Fahrrad", "remove": "on"},
        {"label_de": "Auto"},
    ]
    data = question_data(*rows, **{"option-INITIAL_FORMS": "2"})
    response = manager_client.post(_url(poll, f"{question.pk}/"), data)
    assert response.status_code == 400
    refusal = response.content.decode().split('id="gp-options-error">', 1)[1].split("</p>")[0]
    assert "„Fahrrad“ kann nicht entfernt werden" in refusal and "1 Stimmabgabe" in refusal
    # The kind is locked on the page, saying why; the service refuses it too (a stale page).
    page = manager_client.get(_url(poll, f"{question.pk}/")).content.decode()
    radio = re.search(r'<input[^>]*id="id_kind_0"[^>]*>', page).group(0)
    assert "disabled" in radio and "checked" in radio
    assert "Die Art der Frage kann sich nicht ändern" in page
    with pytest.raises(ValidationError) as refused:
        question_save(
            campaign=poll,
            question=question,
            fields={"kind": "multiple", "scale_min": None, "scale_max": None, "label_de": "X"},
            options=[
                {"key": o.key, "original": o.key, "label_de": o.label_de} for o in (first, second)
            ],
        )
    assert "1 Stimmabgabe" in " ".join(refused.value.message_dict["kind"])
    del rows[1]["remove"]
    data = question_data(*rows, **{"option-INITIAL_FORMS": "2"})
    assert manager_client.post(_url(poll, f"{question.pk}/"), data).status_code == 302
    labels = list(question.options.order_by("position").values_list("label_de", flat=True))
    assert labels == ["Zu Fuß", "Fahrrad", "Auto"]
    response = manager_client.post(_url(poll, f"{question.pk}/loeschen/"))
    assert response.status_code == 400 and "1 Stimmabgabe" in response.content.decode()
    assert PollQuestion.objects.filter(pk=question.pk).exists()


def test_a_question_without_ballots_is_deleted_and_questions_are_reordered(manager_client, poll):
    first = _two_options(manager_client, poll)
    data = question_data({"label_de": "A"}, {"label_de": "B"}, label_de="Zweite Frage")
    assert manager_client.post(_url(poll, "neu/"), data).status_code == 302
    second = poll.poll_questions.get(key="zweite_frage")
    manager_client.post(_url(poll), {"question": second.pk, "move": "up"})
    order = list(poll.poll_questions.order_by("position").values_list("pk", flat=True))
    assert order == [second.pk, first.pk]
    assert manager_client.post(_url(poll, f"{first.pk}/loeschen/")).status_code == 302
    assert list(poll.poll_questions.values_list("pk", flat=True)) == [second.pk]


def test_a_poll_is_published_once_it_has_a_question_with_two_options(manager_client, poll):
    publish = f"/einrichten/{poll.slug}/veroeffentlichen/"
    page = manager_client.get(publish).content.decode()
    assert "Es gibt noch keine Frage mit zwei Optionen" in page
    assert f'href="/einrichten/{poll.slug}/fragen/"' in page and "Kategorie" not in page
    assert manager_client.post(publish, {"action": "publish"}).status_code == 400
    question = _two_options(manager_client, poll)
    assert manager_client.post(publish, {"action": "publish"}).status_code == 302
    assert not Campaign.all_objects.get(pk=poll.pk).draft
    # Published, the last question stays (the checklist keeps holding).
    response = manager_client.post(_url(poll, f"{question.pk}/loeschen/"))
    assert response.status_code == 400 and PollQuestion.objects.filter(pk=question.pk).exists()


def test_a_forged_option_count_is_refused_without_building_rows(manager_client, poll):
    data = question_data({"label_de": "A"}, {"label_de": "B"}) | {"option-TOTAL_FORMS": "9999999"}
    response = manager_client.post(_url(poll, "neu/"), data)
    assert response.status_code == 400
    assert "höchstens 30 Zeilen" in response.content.decode()
    assert not PollQuestion.objects.exists()


def test_the_english_page_stores_both_languages_apart(manager_client, poll):
    data = question_data(
        {"label_de": "Rot", "label_en": "Red"}, {"label_de": "Grün", "label_en": "Green"}
    )
    response = manager_client.post(_url(poll, "neu/"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    question = poll.poll_questions.get()
    rows = question.options.order_by("position").values_list("label_de", "label_en")
    assert list(rows) == [("Rot", "Red"), ("Grün", "Green")]
    assert (question.label_de, question.label_en) == (
        "Welches Symbol gefällt Ihnen?",
        "Which symbol do you like?",
    )


def test_a_question_turned_into_a_scale_loses_its_options_without_ballots(manager_client, poll):
    question = _two_options(manager_client, poll)
    data = question_data(kind="scale", scale_min="1", scale_max="5")
    assert manager_client.post(_url(poll, f"{question.pk}/"), data).status_code == 302
    question.refresh_from_db()
    assert question.kind == "scale" and not question.options.exists()
