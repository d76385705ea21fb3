"""Question and choice labels in German and English (label_en in the question schema)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from geo_participation.campaigns.questions import validate_question_schema
from layers.exports.columns import question_columns

pytestmark = pytest.mark.django_db

LIT = {
    "key": "lit",
    "label": "Ist es beleuchtet?",
    "label_en": "Is it lit?",
    "type": "single_choice",
    "choices": [
        {"value": "yes", "label": "Ja", "label_en": "Yes"},
        {"value": "no", "label": "Nein"},
    ],
}


@pytest.fixture
def bilingual(make_campaign, make_category):
    campaign = make_campaign("lights")
    make_category(campaign, "lamp", "point", questions=[LIT])
    return campaign


def english():
    return Client(headers={"accept-language": "en"})


@pytest.mark.parametrize(
    "broken",
    [
        LIT | {"label_en": ""},
        LIT | {"label_en": 3},
        LIT | {"choices": [{"value": "yes", "label": "Ja", "label_en": " "}]},
    ],
)
def test_an_english_label_must_be_text_when_given(broken):
    with pytest.raises(ValidationError, match="label_en"):
        validate_question_schema([broken])


def test_the_api_shows_question_labels_in_the_requests_language(bilingual):
    def lit(client):
        campaign = client.get("/api/campaigns/lights/").json()
        return campaign["categories"][0]["questions"][0]

    german = lit(Client())
    assert german["label"] == "Ist es beleuchtet?" and "label_en" not in german
    assert [c["label"] for c in german["choices"]] == ["Ja", "Nein"]
    shown = lit(english())
    assert shown["label"] == "Is it lit?"
    # No English label for "no": the German one.
    assert shown["choices"] == [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "Nein"}]


def test_the_citizen_form_shows_question_labels_in_the_active_language(bilingual):
    german = Client().get("/c/lights/").content.decode()
    assert "Ist es beleuchtet?" in german and "Is it lit?" not in german
    page = english().get("/c/lights/").content.decode()
    assert "Is it lit?" in page and ">Yes</label>" in page and ">Nein</label>" in page


def test_export_columns_describe_questions_in_the_active_language(bilingual):
    categories = list(bilingual.categories.all())
    with translation.override("en"):
        (column, key), *_ = question_columns(categories)
    assert (key, column.description) == ("lit", "Answer to “Is it lit?”")
    with translation.override("de"):
        (column, key), *_ = question_columns(categories)
    assert column.description == "Antwort auf „Ist es beleuchtet?“"
