"""A poll question's option rows: the hidden "original" names the stored option the row edits
and is refused beside the row unless it is exactly that option's key (review of int14,
finding 4: it was stored verbatim as a new option's key, 300 characters ended in a 500)."""

import pytest

from geo_participation.polls.models import PollQuestion

from .test_poll_questions import _two_options, _url, question_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def poll(make_campaign):
    return make_campaign("ampel", draft=True, kind="poll", title_de="Ampel")


def _row_error(response, index: int) -> str:
    page = response.content.decode()
    row = page.split(f'name="option-{index}-label_de"', 1)[0].rsplit("<fieldset", 1)[1]
    return row


@pytest.mark.parametrize("forged", ["x" * 300, "made_up", "a b"])
def test_a_new_question_refuses_a_made_up_original_beside_its_row(manager_client, poll, forged):
    data = question_data({"original": forged, "label_de": "Rot"}, {"label_de": "Grün"})
    response = manager_client.post(_url(poll, "neu/"), data)
    assert response.status_code == 400
    assert "passt nicht zu den gespeicherten Optionen" in _row_error(response, 0)
    assert not PollQuestion.objects.exists()


def test_a_row_naming_another_stored_option_or_a_made_up_one_is_refused(manager_client, poll):
    question = _two_options(manager_client, poll)
    first, second = question.options.order_by("position")
    for originals in ([second.key, second.key], [first.key, "y" * 300], [first.key, ""]):
        rows = [
            {"original": originals[0], "label_de": "Zu Fuß", "alt_text_de": "Rot"},
            {"original": originals[1], "label_de": "Fahrrad"},
        ]
        data = question_data(*rows, **{"option-INITIAL_FORMS": "2"})
        response = manager_client.post(_url(poll, f"{question.pk}/"), data)
        assert response.status_code == 400, originals
        assert "passt nicht zu den gespeicherten Optionen" in response.content.decode()
    keys = list(question.options.order_by("position").values_list("key", "label_de"))
    assert keys == [(first.key, first.label_de), (second.key, second.label_de)]


def test_rows_naming_their_own_options_are_saved(manager_client, poll):
    question = _two_options(manager_client, poll)
    first, second = question.options.order_by("position")
    rows = [
        {"original": first.key, "label_de": "Zu Fuß", "alt_text_de": "Rot"},
        {"original": second.key, "label_de": "Rad"},
        {"label_de": "Auto"},
    ]
    data = question_data(*rows, **{"option-INITIAL_FORMS": "2"})
    assert manager_client.post(_url(poll, f"{question.pk}/"), data).status_code == 302
    stored = list(question.options.order_by("position").values_list("key", "label_de"))
    assert stored == [(first.key, "Zu Fuß"), (second.key, "Rad"), ("auto", "Auto")]
