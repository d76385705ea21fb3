"""No orphaned answers: what a category with posts may and may not change (schema_changes)."""

import copy

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from geo_participation.campaigns.models import Category
from geo_participation.campaigns.schema_changes import schema_refusals

pytestmark = pytest.mark.django_db

SAFETY = {
    "key": "safety",
    "label": "Wie sicher fühlen Sie sich?",
    "type": "single_choice",
    "required": True,
    "choices": [
        {"value": "safe", "label": "Sicher"},
        {"value": "unsafe", "label": "Unsicher"},
        {"value": "unsure", "label": "Weiß nicht"},
    ],
}
WHY = {
    "key": "why",
    "label": "Warum?",
    "type": "multiple_choice",
    "choices": [{"value": "dark", "label": "Dunkel"}, {"value": "empty", "label": "Leer"}],
}
NOTE = {"key": "note", "label": "Sonst noch etwas?", "type": "short_text"}


@pytest.fixture
def answered(make_campaign, make_category, make_submission):
    """A category with three posts: two answered safety "unsafe", one chose dark and empty."""
    campaign = make_campaign("schema")
    make_category(campaign, "spot", "point", questions=[SAFETY, WHY, NOTE])
    make_submission(campaign, answers={"safety": "unsafe", "why": ["dark", "empty"]})
    make_submission(campaign, answers={"safety": "unsafe"}, status="pending")
    make_submission(campaign, answers={"safety": "safe"}, status="rejected")
    return Category.objects.get(campaign=campaign, key="spot")


def edited(category, change):
    """Return the category with change(questions) applied to a copy of its questions."""
    questions = copy.deepcopy(category.questions)
    change(questions)
    category.questions = questions
    return category


def refused(category) -> str:
    """Save the category; return the refusal's message (the test fails if it is saved)."""
    with translation.override("de"), pytest.raises(ValidationError) as caught:
        category.save()
    return " ".join(caught.value.messages)


# Allowed changes -----------------------------------------------------------------------------


def test_labels_may_change_in_both_languages(answered):
    def relabel(qs):
        qs[0]["label"], qs[0]["label_en"] = "Sicher hier?", "Safe here?"
        qs[0]["choices"][1]["label_en"] = "Unsafe"

    edited(answered, relabel).save()
    answered.refresh_from_db()
    assert answered.questions[0]["label_en"] == "Safe here?"


def test_questions_and_choices_may_be_added_and_a_new_question_be_required(answered):
    def extend(qs):
        qs[1]["choices"].append({"value": "noisy", "label": "Laut"})
        qs.append({"key": "stars", "label": "Bewertung", "type": "rating", "required": True})

    edited(answered, extend).save()
    answered.refresh_from_db()
    assert [q["key"] for q in answered.questions] == ["safety", "why", "note", "stars"]


def test_a_question_may_turn_optional_and_questions_be_reordered(answered):
    def loosen(qs):
        qs[0]["required"] = False
        qs.reverse()

    edited(answered, loosen).save()
    answered.refresh_from_db()
    assert answered.questions[-1] == SAFETY | {"required": False}


def test_a_category_without_posts_may_change_anything(make_campaign, make_category):
    category = make_category(make_campaign("fresh"), "spot", "point", questions=[SAFETY])
    category.key, category.geometry_kind = "zone", "polygon"
    category.questions = [NOTE | {"type": "rating"}]
    category.save()
    assert Category.objects.get(pk=category.pk).key == "zone"


# Refused changes -----------------------------------------------------------------------------


def test_removing_an_answered_question_is_refused_naming_it_and_its_posts(answered):
    message = refused(edited(answered, lambda qs: qs.pop(0)))
    assert message == (
        "Die Frage „Wie sicher fühlen Sie sich?“ (safety) lässt sich nicht entfernen: "
        "Sie wurde in 3 Beiträgen beantwortet."
    )
    assert Category.objects.get(pk=answered.pk).questions[0]["key"] == "safety"


def test_removing_an_unanswered_question_is_refused_too(answered):
    message = refused(edited(answered, lambda qs: qs.pop(2)))
    assert "note" in message and "in 0 Beiträgen" in message


def test_changing_a_questions_type_is_refused(answered):
    def retype(qs):
        qs[1]["type"] = "single_choice"

    message = refused(edited(answered, retype))
    assert "why" in message and "in 1 Beitrag " in message


def test_renaming_a_questions_key_is_refused_as_a_removal(answered):
    def rename(qs):
        qs[0]["key"] = "safe"

    assert "safety" in refused(edited(answered, rename))


def test_removing_a_chosen_choice_is_refused_naming_it_and_its_posts(answered):
    def drop(qs):
        qs[0]["choices"].pop(1)

    message = refused(edited(answered, drop))
    assert "Unsicher" in message and "unsafe" in message and "in 2 Beiträgen" in message


def test_removing_a_choice_of_a_multiple_choice_question_counts_lists(answered):
    def drop(qs):
        qs[1]["choices"].pop(0)

    message = refused(edited(answered, drop))
    assert "dark" in message and "in 1 Beitrag " in message


def test_the_category_key_and_geometry_kind_are_fixed(answered):
    answered.key = "place"
    assert "3 Beiträge" in refused(answered)
    answered.refresh_from_db()
    answered.geometry_kind = "line"
    assert refused(answered) == (
        "Die Geometrieart lässt sich nicht mehr ändern: Die Kategorie hat schon 3 Beiträge."
    )


def test_refusals_name_the_field_and_question_for_forms(answered):
    def both(qs):
        qs[0]["choices"].pop(2)
        qs.pop(1)

    edited(answered, both)
    answered.geometry_kind = "polygon"
    found = {(r.field, r.question, r.choice) for r in schema_refusals(answered)}
    assert found == {
        ("geometry_kind", "", ""),
        ("questions", "safety", "unsure"),
        ("questions", "why", ""),
    }


def test_full_clean_refuses_like_save(answered):
    edited(answered, lambda qs: qs.pop(0))
    with pytest.raises(ValidationError) as caught:
        answered.full_clean()
    assert "questions" in caught.value.message_dict


def test_a_sensitive_category_with_posts_stays_sensitive(answered):
    answered.sensitive = True
    answered.save()  # turning it on is allowed
    answered.sensitive = False
    assert refused(answered) == (
        "Die Kategorie muss sensibel bleiben: Sie hat schon 3 Beiträge, eingereicht unter der "
        "Zusage, dass die Öffentlichkeit sie nur verallgemeinert sieht, nie an ihrem genauen Ort."
    )
    assert Category.objects.get(pk=answered.pk).sensitive
    with pytest.raises(ValidationError) as caught:
        answered.full_clean()
    assert "sensitive" in caught.value.message_dict


def test_a_sensitive_category_without_posts_may_turn_insensitive(make_campaign, make_category):
    category = make_category(make_campaign("fresh"), "fear", "point", sensitive=True)
    category.sensitive = False
    category.save()
    assert not Category.objects.get(pk=category.pk).sensitive
