"""The category pages in a real browser: two categories with questions added, the preview, axe."""

import pytest
from playwright.sync_api import expect

from geo_participation.campaigns.models import Category
from tests.page_helpers import (  # noqa: F401 - fixtures
    axe_violations,
    german_page,
    german_phone_page,
    horizontal_overflow,
    log_in_as,
    needs_browser,
    plain_static,
)

pytestmark = needs_browser


@pytest.fixture
def page(german_page, live_server, manager):  # noqa: F811 - the imported fixture, signed in
    log_in_as(german_page, live_server, manager)
    return german_page


@pytest.fixture
def phone(german_phone_page, live_server, manager):  # noqa: F811
    log_in_as(german_phone_page, live_server, manager)
    return german_phone_page


@pytest.fixture
def setup(make_campaign, manager):
    return make_campaign("radwege")


def add_category(page, base, *, label, question, kind, choices=()):
    page.goto(f"{base}/kategorien/neu/")
    assert axe_violations(page) == []
    page.get_by_label("Name (Deutsch)").fill(label)
    page.get_by_label("Frage (Deutsch)").fill(question)
    page.get_by_label("Art der Frage").select_option(kind)
    for index, answer in enumerate(choices):
        page.fill(f"#id_question-0-choice-{index}-label_de", answer)
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").first.click()
    assert page.locator("#gp-messages").inner_text().strip() == "Die Kategorie wurde gespeichert."


def test_a_manager_adds_two_categories_with_questions_and_sees_the_preview(
    page, live_server, setup
):
    base = f"{live_server.url}/einrichten/radwege"
    add_category(
        page,
        base,
        label="Gefährliche Kreuzung",
        question="Wie gefährlich ist es?",
        kind="single_choice",
        choices=["Sehr", "Etwas"],
    )
    preview = page.locator("section.gp-preview")
    assert preview.get_by_role("radio", name="Sehr").count() == 1
    assert preview.get_by_role("radio", name="Etwas").count() == 1
    assert "Wie gefährlich ist es?" in preview.inner_text()
    assert axe_violations(page) == []

    add_category(page, base, label="Fehlender Radweg", question="Wie wichtig?", kind="rating")
    preview = page.locator("section.gp-preview")
    assert [preview.get_by_role("radio", name=str(n)).count() for n in range(1, 6)] == [1] * 5
    assert axe_violations(page) == []

    page.goto(f"{base}/kategorien/")
    names = page.locator(".gp-setup-categories h2 a").all_inner_texts()
    assert [name.strip() for name in names] == ["Gefährliche Kreuzung", "Fehlender Radweg"]
    assert axe_violations(page) == []
    page.goto(f"{base}/kategorien/fehlender_radweg/loeschen/")
    assert axe_violations(page) == []
    stored = {c.key: c.questions[0]["type"] for c in Category.objects.filter(campaign=setup)}
    assert stored == {"gefaehrliche_kreuzung": "single_choice", "fehlender_radweg": "rating"}


def test_adding_a_question_works_by_keyboard_without_script(page, live_server, setup):
    page.goto(f"{live_server.url}/einrichten/radwege/kategorien/neu/")
    page.get_by_role("button", name="Weitere Frage hinzufügen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("fieldset.gp-question-row").count() == 2
    assert not Category.objects.filter(campaign=setup).exists()


def test_a_refusal_is_shown_beside_its_field_and_passes_axe(page, live_server, setup):
    page.goto(f"{live_server.url}/einrichten/radwege/kategorien/neu/")
    page.get_by_label("Name (Deutsch)").fill("Ampel")
    page.get_by_label("Frage (Deutsch)").fill("Was fehlt?")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").first.click()
    row = page.locator("fieldset.gp-question-row").first
    assert "Bitte geben Sie mindestens eine Antwort zur Auswahl an." in row.inner_text()
    assert axe_violations(page) == []


def test_the_edit_page_fits_a_phone(phone, live_server, setup):
    Category.objects.create(
        campaign=setup,
        key="ampel",
        label_de="Ampel",
        geometry_kind="point",
        questions=[{"key": "wie", "label": "Wie lange warten Sie?", "type": "rating"}],
    )
    phone.goto(f"{live_server.url}/einrichten/radwege/kategorien/ampel/")
    assert horizontal_overflow(phone) == 0
    assert axe_violations(phone) == []


def test_the_colour_picker_and_the_hex_code_agree(page, live_server, setup):
    page.goto(f"{live_server.url}/einrichten/radwege/kategorien/neu/")
    page.get_by_label("Farbe als Hex-Code").fill("#d55e00")
    assert page.locator("#id_colour").input_value() == "#d55e00"
    page.get_by_label("Name (Deutsch)").fill("Baustelle")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").first.click()
    assert Category.objects.get(campaign=setup).colour == "#d55e00"
    assert page.script_errors == []


def test_rows_added_in_the_browser_take_the_focus_and_enter_saves(page, live_server, setup):
    page.goto(f"{live_server.url}/einrichten/radwege/kategorien/neu/")
    page.get_by_label("Name (Deutsch)").fill("Ampel")
    page.fill("#id_question-0-label_de", "Wie lange warten Sie?")
    page.fill("#id_question-0-choice-0-label_de", "Kurz")
    with page.expect_navigation():
        page.get_by_role("button", name="Weitere Frage hinzufügen").click()
    expect(page.locator("#id_question-1-label_de")).to_be_focused()  # autofocus, after load
    assert "zwingend erforderlich" not in page.content()
    page.keyboard.type("Was fehlt?")
    page.fill("#id_question-1-choice-0-label_de", "Licht")
    with page.expect_navigation():
        page.get_by_role("button", name="Weitere Antwort hinzufügen").nth(1).click()
    expect(page.locator("#id_question-1-choice-2-label_de")).to_be_focused()
    page.keyboard.type("Bank")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the form's unseen first button saves
    assert page.locator("#gp-messages").inner_text().strip() == "Die Kategorie wurde gespeichert."
    questions = Category.objects.get(campaign=setup).questions
    assert [len(q["choices"]) for q in questions] == [1, 2]


def test_the_preview_shows_each_answer_beside_its_button(page, live_server, setup):
    add_category(
        page,
        f"{live_server.url}/einrichten/radwege",
        label="Ampel",
        question="Wie lange?",
        kind="single_choice",
        choices=["Kurz"],
    )
    option = page.locator("section.gp-preview .gp-choice").first
    radio, label = option.locator("input").bounding_box(), option.locator("label").bounding_box()
    # As in the citizen form: on one line, the label right of the button.
    assert label["x"] >= radio["x"] + radio["width"]
    assert label["y"] < radio["y"] + radio["height"] and radio["y"] < label["y"] + label["height"]
