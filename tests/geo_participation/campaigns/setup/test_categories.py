"""The category pages of the campaign setup: forms, not JSON; refusals beside their field."""

import time

import pytest
from django.test import Client

from geo_participation.campaigns.models import Category

pytestmark = pytest.mark.django_db

LIGHT = {
    "key": "light",
    "label": "Wie hell ist es?",
    "type": "single_choice",
    "required": True,
    "choices": [{"value": "dark", "label": "Dunkel"}, {"value": "bright", "label": "Hell"}],
}


@pytest.fixture
def manager(manager_client):
    return manager_client


@pytest.fixture
def spot(make_campaign, make_category):
    campaign = make_campaign("setup")
    return make_category(campaign, "spot", "point", label_de="Ort", questions=[LIGHT])


@pytest.fixture
def posted(spot, make_submission):
    """The category with two posts that answered "dark"."""
    make_submission(spot.campaign, answers={"light": "dark"})
    make_submission(spot.campaign, answers={"light": "dark"}, status="pending")
    return spot


def edit_url(category):
    return f"/einrichten/{category.campaign.slug}/kategorien/{category.key}/"


def page_data(client, url) -> dict:
    """Return the form's values as a browser would post them, unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    return form_values(response)


def form_values(response) -> dict:
    """Return the values of the category form a page shows, as a browser would post them."""
    form = response.context["form"]
    questions = response.context["questions"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["sensitive"] = "on" if form["sensitive"].value() else ""
    data.update(_formset_data(questions))
    for q in questions:
        data.update(_formset_data(q.choices))
    # As a browser sends it: no unticked boxes, no missing values (0 stays: it is not False).
    return {k: v for k, v in data.items() if v is not None and v is not False and v != ""}


def _formset_data(formset) -> dict:
    management = formset.management_form
    data = {management[n].html_name: management[n].value() for n in management.fields}
    for form in formset:
        for name in form.fields:
            value = form[name].value()
            data[form[name].html_name] = "on" if value is True else value
    return data


def test_only_campaign_managers_see_the_pages(spot, make_user):
    other = Client()
    other.force_login(make_user("someone"))
    assert other.get("/einrichten/setup/kategorien/").status_code == 404
    assert other.get(edit_url(spot)).status_code == 404


def test_the_list_shows_categories_in_order_and_moves_them(spot, make_category, manager):
    make_category(spot.campaign, "route", "line", label_de="Weg", position=1)
    assert manager.get("/einrichten/setup/kategorien/").status_code == 200
    manager.post("/einrichten/setup/kategorien/", {"category": "route", "move": "up"})
    assert list(spot.campaign.categories.order_by("position").values_list("key", flat=True)) == [
        "route",
        "spot",
    ]


def test_adding_a_category_with_a_question_makes_the_schema(make_campaign, manager):
    make_campaign("setup")
    url = "/einrichten/setup/kategorien/neu/"
    data = page_data(manager, url)
    data |= {
        "label_de": "Dunkle Ecke",
        "label_en": "Dark corner",
        "geometry_kind": "point",
        "colour": "#d55e00",
        "symbol": "D",
        "question-0-label_de": "Wie sicher fühlen Sie sich?",
        "question-0-label_en": "How safe do you feel?",
        "question-0-type": "single_choice",
        "question-0-required": "on",
        "question-0-choice-0-label_de": "Sicher",
        "question-0-choice-1-label_de": "Unsicher",
        "question-0-choice-1-label_en": "Unsafe",
    }
    response = manager.post(url, data)
    assert response.status_code == 302, (
        [q.errors for q in response.context["questions"]]
        + [response.context["questions"].non_form_errors()]
        + [[c.errors for c in q.choices] for q in response.context["questions"]]
    )
    category = Category.objects.get(campaign__slug="setup")
    assert (category.key, category.symbol, category.colour) == ("dunkle_ecke", "D", "#d55e00")
    assert category.questions == [
        {
            "key": "wie_sicher_fuehlen_sie_sich",
            "label": "Wie sicher fühlen Sie sich?",
            "label_en": "How safe do you feel?",
            "type": "single_choice",
            "required": True,
            "choices": [
                {"value": "sicher", "label": "Sicher"},
                {"value": "unsicher", "label": "Unsicher", "label_en": "Unsafe"},
            ],
        }
    ]


def test_add_question_button_adds_a_row_and_saves_nothing(spot, manager):
    data = page_data(manager, edit_url(spot)) | {"add_question": "1", "label_de": "Neu"}
    response = manager.post(edit_url(spot), data)
    assert response.status_code == 200
    assert len(response.context["questions"].forms) == 3
    assert Category.objects.get(pk=spot.pk).label_de == "Ort"


def test_a_choice_question_without_answers_is_refused_beside_it(spot, manager):
    data = page_data(manager, edit_url(spot)) | {
        "question-1-label_de": "Was fehlt?",
        "question-1-type": "multiple_choice",
    }
    response = manager.post(edit_url(spot), data)
    assert response.status_code == 400
    assert "Bitte geben Sie mindestens eine Antwort zur Auswahl an." in response.content.decode()
    assert len(Category.objects.get(pk=spot.pk).questions) == 1


def test_the_edit_page_previews_the_citizen_form(spot, manager):
    page = manager.get(edit_url(spot)).content.decode()
    assert "Vorschau des Formulars" in page
    assert "(ein Ort (Punkt))" not in page and "– ein Ort (Punkt)" in page
    # The citizen form's own partial: the same radio names the map's form sends.
    assert 'name="answers.light" value="dark"' in page


def refusal(client, category, **changes):
    data = page_data(client, edit_url(category))
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    response = client.post(edit_url(category), data)
    assert response.status_code == 400
    return response


def test_removing_an_answered_question_is_refused_beside_it(posted, manager):
    response = refusal(manager, posted, **{"question-0-remove": "on"})
    question = response.context["questions"].forms[0]
    assert "in 2 Beiträgen beantwortet" in " ".join(question.non_field_errors())
    assert Category.objects.get(pk=posted.pk).questions == [LIGHT]


def test_changing_an_answered_questions_type_is_refused(posted, manager):
    response = refusal(manager, posted, **{"question-0-type": "multiple_choice"})
    assert "muss ihre Art behalten" in " ".join(
        response.context["questions"].forms[0].non_field_errors()
    )
    assert Category.objects.get(pk=posted.pk).questions == [LIGHT]


def test_removing_a_chosen_answer_is_refused_beside_the_answer(posted, manager):
    response = refusal(manager, posted, **{"question-0-choice-0-remove": "on"})
    row = response.context["questions"].forms[0].choices.forms[0]
    assert "in 2 Beiträgen gewählt" in " ".join(row.non_field_errors())
    assert Category.objects.get(pk=posted.pk).questions == [LIGHT]


def test_key_and_geometry_kind_are_fixed_once_there_are_posts(posted, manager):
    # The fields are disabled; a forged post cannot change them either.
    manager.post(
        edit_url(posted),
        page_data(manager, edit_url(posted)) | {"key": "other", "geometry_kind": "polygon"},
    )
    stored = Category.objects.get(pk=posted.pk)
    assert (stored.key, stored.geometry_kind) == ("spot", "point")


def test_a_taken_symbol_is_refused_beside_its_field(spot, make_category, manager):
    make_category(spot.campaign, "route", "line", label_de="Weg", symbol="W")
    response = refusal(manager, spot, symbol="W")
    assert "„Weg“ zeigt schon „W“" in " ".join(response.context["form"].errors["symbol"])


def test_deleting_a_category_with_posts_is_refused_naming_how_many(posted, manager):
    url = edit_url(posted) + "loeschen/"
    assert "2 Beiträge" in manager.get(url).content.decode()
    response = manager.post(url)
    assert response.status_code == 400
    assert "hat 2 Beiträge" in response.content.decode()
    assert Category.objects.filter(pk=posted.pk).exists()


def test_deleting_a_category_without_posts(spot, make_category, manager):
    make_category(spot.campaign, "route", "line")  # a published campaign keeps one
    response = manager.post(edit_url(spot) + "loeschen/")
    assert response.status_code == 302
    assert not Category.objects.filter(pk=spot.pk).exists()


def test_the_citizen_map_draws_the_chosen_symbol(spot, make_category):
    make_category(spot.campaign, "route", "line", label_de="Weg", symbol="7")
    page = Client().get("/c/setup/").content.decode()
    # The legend's markers: "Ort" takes its first letter, "Weg" its chosen digit.
    assert ">O</text>" in page and ">7</text>" in page and ">W</text>" not in page


def test_a_weak_colour_gets_a_contrast_hint(spot, manager):
    spot.colour = "#ffee99"
    spot.save()
    page = manager.get(edit_url(spot)).content.decode()
    assert "hebt sich auf der hellen Karte nur schwach ab" in page


def test_a_time_of_day_question_keeps_working(spot, manager):
    when = {"key": "when", "label": "Wann?", "type": "time_of_day", "required": True}
    spot.questions = [LIGHT, when]
    spot.save()
    response = manager.post(edit_url(spot), page_data(manager, edit_url(spot)))
    assert response.status_code == 302
    assert Category.objects.get(pk=spot.pk).questions == [LIGHT, when]


def test_questions_are_reordered_by_position_and_removed_without_posts(spot, manager):
    note = {"key": "note", "label": "Sonst noch etwas?", "type": "short_text", "max_length": 80}
    spot.questions = [LIGHT, note]
    spot.save()
    data = page_data(manager, edit_url(spot)) | {"question-0-position": "5"}
    assert manager.post(edit_url(spot), data).status_code == 302
    assert [q["key"] for q in Category.objects.get(pk=spot.pk).questions] == ["note", "light"]
    data = page_data(manager, edit_url(spot)) | {"question-0-remove": "on"}
    assert manager.post(edit_url(spot), data).status_code == 302
    assert Category.objects.get(pk=spot.pk).questions == [LIGHT]


def test_a_duplicate_question_key_is_refused_beside_the_question(spot, manager):
    data = page_data(manager, edit_url(spot)) | {
        "question-1-label_de": "Noch einmal hell?",
        "question-1-key": "light",
        "question-1-type": "rating",
    }
    response = manager.post(edit_url(spot), data)
    assert response.status_code == 400
    errors = response.context["questions"].forms[1].errors["key"]
    assert errors == ["Eine andere Frage hat schon den Schlüssel „light“."]
    assert Category.objects.get(pk=spot.pk).questions == [LIGHT]


def test_sensitive_stays_on_once_there_are_posts_said_beside_the_field(posted, manager):
    Category.objects.filter(pk=posted.pk).update(sensitive=True)
    page = manager.get(edit_url(posted))
    field = page.context["form"]["sensitive"]
    assert field.field.disabled
    assert "Sie hat schon 2 Beiträge" in field.help_text and "verallgemeinert" in field.help_text
    assert "Sie hat schon 2 Beiträge" in page.content.decode()
    # A forged post without the box cannot switch it off.
    data = page_data(manager, edit_url(posted))
    data.pop("sensitive", None)
    manager.post(edit_url(posted), data)
    assert Category.objects.get(pk=posted.pk).sensitive


def test_sensitive_may_be_turned_on_with_posts(posted, manager):
    data = page_data(manager, edit_url(posted)) | {"sensitive": "on"}
    assert manager.post(edit_url(posted), data).status_code == 302
    assert Category.objects.get(pk=posted.pk).sensitive


def test_a_forged_huge_row_count_is_refused_at_once(make_campaign, manager):
    make_campaign("setup")
    url = "/einrichten/setup/kategorien/neu/"
    data = page_data(manager, url) | {"label_de": "Ort", "question-TOTAL_FORMS": "9999999999"}
    started = time.monotonic()
    response = manager.post(url, data)
    assert response.status_code == 400
    questions = response.context["questions"]
    assert questions.forms == []  # not a row built for the forged count
    assert "höchstens 30 Zeilen" in " ".join(questions.non_form_errors())
    assert time.monotonic() - started < 5
    assert not Category.objects.filter(campaign__slug="setup").exists()


def test_a_forged_huge_choice_count_is_refused_beside_its_question(spot, manager):
    data = page_data(manager, edit_url(spot)) | {"question-0-choice-TOTAL_FORMS": "9999999999"}
    response = manager.post(edit_url(spot), data)
    assert response.status_code == 400
    question = response.context["questions"].forms[0]
    assert question.choices.forms == []
    assert "höchstens 30 Zeilen" in " ".join(question.non_field_errors())


def test_more_questions_than_the_cap_are_refused(spot, manager):
    data = page_data(manager, edit_url(spot))
    data["question-TOTAL_FORMS"] = "31"
    response = manager.post(edit_url(spot), data)
    assert response.status_code == 400
    assert "höchstens 30 Zeilen" in " ".join(response.context["questions"].non_form_errors())
    assert Category.objects.get(pk=spot.pk).questions == [LIGHT]
