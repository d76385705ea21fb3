"""The "Add another question/answer" buttons: a new empty row that reads as untouched."""

import re

import pytest

from geo_participation.campaigns.models import Category

from .test_categories import form_values, page_data

pytestmark = pytest.mark.django_db

NEW = "/einrichten/setup/kategorien/neu/"


@pytest.fixture
def manager(manager_client, make_campaign):
    make_campaign("setup")
    return manager_client


def _category(**changes) -> dict:
    return {"label_de": "Dunkle Ecke", "geometry_kind": "point", "colour": "#d55e00"} | changes


def _autofocused(response) -> list[str]:
    return re.findall(r'<input[^>]*\bautofocus\b[^>]*\bid="([^"]+)"', response.content.decode())


def test_an_added_question_has_its_own_answers_and_no_errors(manager):
    data = page_data(manager, NEW) | _category(**{"question-0-label_de": "Wie hell?"})
    response = manager.post(NEW, data | {"add_question": "1"})
    assert response.status_code == 200
    new = response.context["questions"].forms[1]
    assert new.errors == {} and new.choices.total_error_count() == 0
    assert new.choices.management_form["TOTAL_FORMS"].value() == "2"
    assert new["type"].value() == "single_choice" and new["position"].value() == "2"
    assert "zwingend erforderlich" not in response.content.decode()
    assert _autofocused(response) == ["id_question-1-label_de"]


def test_a_question_added_filled_and_given_another_answer_is_saved(manager):
    data = page_data(manager, NEW) | _category(
        **{"question-0-label_de": "Wie hell?", "question-0-choice-0-label_de": "Dunkel"}
    )
    added = manager.post(NEW, data | {"add_question": "1"})
    data = form_values(added) | {
        "question-1-label_de": "Was fehlt?",
        "question-1-type": "multiple_choice",
        "question-1-choice-0-label_de": "Licht",
        "question-1-choice-1-label_de": "Bank",
    }
    more = manager.post(NEW, data | {"add_choice": "question-1"})
    assert more.status_code == 200
    assert len(more.context["questions"].forms[1].choices.forms) == 3
    assert _autofocused(more) == ["id_question-1-choice-2-label_de"]
    data = form_values(more) | {"question-1-choice-2-label_de": "Mülleimer"}
    saved = manager.post(NEW, data | {"save": "1"})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    questions = Category.objects.get(campaign__slug="setup").questions
    assert [q["key"] for q in questions] == ["wie_hell", "was_fehlt"]
    assert [c["label"] for c in questions[1]["choices"]] == ["Licht", "Bank", "Mülleimer"]


def test_a_new_row_left_empty_is_ignored_on_save(manager):
    data = page_data(manager, NEW) | _category(
        **{"question-0-label_de": "Wie hell?", "question-0-choice-0-label_de": "Dunkel"}
    )
    added = manager.post(NEW, data | {"add_question": "1"})
    more = manager.post(NEW, form_values(added) | {"add_choice": "question-0"})
    saved = manager.post(NEW, form_values(more) | {"save": "1"})
    assert saved.status_code == 302
    questions = Category.objects.get(campaign__slug="setup").questions
    assert [(q["label"], len(q["choices"])) for q in questions] == [("Wie hell?", 1)]


def test_a_new_row_with_only_an_answer_names_the_missing_question(manager):
    data = page_data(manager, NEW) | _category()
    added = manager.post(NEW, data | {"add_question": "1"})
    data = form_values(added) | {"question-1-choice-0-label_de": "Licht"}
    refused = manager.post(NEW, data | {"save": "1"})
    assert refused.status_code == 400
    row = refused.context["questions"].forms[1]
    assert row.errors["label_de"] == ["Bitte geben Sie die Frage auf Deutsch ein."]
    assert 'id="gp-form-error" tabindex="-1" autofocus' in refused.content.decode()
    assert not Category.objects.filter(campaign__slug="setup").exists()
