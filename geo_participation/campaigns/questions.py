"""Question schemas of a category, and the check that answers fit them.

A schema is a list of questions, each a dict:
    {"key": "when", "label": "Wann?", "label_en": "When?", "type": "time_of_day", "required": true}
Types: single_choice and multiple_choice (with "choices": [{"value": ..., "label": ...,
"label_en": ...}]), rating (an integer 1-5), time_of_day (one of TIME_OF_DAY) and short_text
(up to "max_length", default 200 characters). "label" is German; "label_en" (optional, on
questions and choices) is shown when English is active, else "label" is.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

QUESTION_TYPES = ("single_choice", "multiple_choice", "rating", "time_of_day", "short_text")
# Buckets rather than clock times: citizens remember "at night", and planners aggregate by bucket.
TIME_OF_DAY = ("morning", "daytime", "evening", "night")
RATING_RANGE = (1, 5)
SHORT_TEXT_DEFAULT = 200
SHORT_TEXT_MAX = 1000
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def validate_question_schema(schema):
    """Raise ValidationError unless the schema is a well-formed list of questions."""
    if not isinstance(schema, list):
        raise ValidationError("Questions must be a list.")
    seen = set()
    for index, question in enumerate(schema):
        where = f"Question {index + 1}"
        if not isinstance(question, dict):
            raise ValidationError(f"{where} must be an object.")
        _validate_key(where, question.get("key"), seen)
        seen.add(question["key"])
        _validate_common_fields(where, question)
        check = _SCHEMA_CHECKS.get(question["type"])
        if check is not None:
            check(where, question)


def _validate_key(where, key, seen):
    """Raise ValidationError unless key is a well-formed key not seen before."""
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValidationError(f"{where}: key must be lower-case letters, digits or _.")
    if key in seen:
        raise ValidationError(f"{where}: duplicate key {key!r}.")


def _validate_common_fields(where, question):
    """Raise ValidationError unless label, type and required fit every question type."""
    if not isinstance(question.get("label"), str) or not question["label"].strip():
        raise ValidationError(f"{where}: a label is required.")
    if not _optional_text(question, "label_en"):
        raise ValidationError(f"{where}: label_en must be a non-empty text when given.")
    if question.get("type") not in QUESTION_TYPES:
        raise ValidationError(f"{where}: type must be one of {', '.join(QUESTION_TYPES)}.")
    if not isinstance(question.get("required", False), bool):
        raise ValidationError(f"{where}: required must be true or false.")


def _validate_choices(where, question):
    """Raise ValidationError unless a choice question has unique, labelled choices."""
    choices = question.get("choices")
    if not isinstance(choices, list) or not choices:
        raise ValidationError(f"{where}: choices must be a non-empty list.")
    if not all(isinstance(c, dict) for c in choices):
        raise ValidationError(f"{where}: every choice must be an object with value and label.")
    values = [c.get("value") for c in choices]
    labels = [c.get("label") for c in choices]
    if not all(isinstance(v, str) and v for v in values + labels):
        raise ValidationError(f"{where}: every choice needs a string value and a label.")
    if len(set(values)) != len(values):
        raise ValidationError(f"{where}: choice values must be unique.")
    if not all(_optional_text(c, "label_en") for c in choices):
        raise ValidationError(f"{where}: a choice's label_en must be a non-empty text when given.")


def _optional_text(item: dict, name: str) -> bool:
    """Return whether item has no such entry, or a non-empty text in it."""
    return name not in item or (isinstance(item[name], str) and bool(item[name].strip()))


def _validate_max_length(where, question):
    """Raise ValidationError unless a short_text question's max_length is within bounds."""
    limit = question.get("max_length", SHORT_TEXT_DEFAULT)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= SHORT_TEXT_MAX:
        raise ValidationError(f"{where}: max_length must be an integer 1-{SHORT_TEXT_MAX}.")


# Checks beyond the common fields, by question type; rating and time_of_day need none.
_SCHEMA_CHECKS = {
    "single_choice": _validate_choices,
    "multiple_choice": _validate_choices,
    "short_text": _validate_max_length,
}


def label_of(item: dict) -> str:
    """Return a question's or choice's label in the active language (German unless English)."""
    # Only two languages: English when active and written, else the German "label".
    if (get_language() or "de").split("-")[0] == "en" and item.get("label_en"):
        return item["label_en"]
    return item["label"]


def localized_schema(schema) -> list[dict]:
    """Return the schema with every label in the active language, and no label_en entries."""
    return [_localized(question) for question in schema]


def _localized(question: dict) -> dict:
    shown = {k: v for k, v in question.items() if k != "label_en"} | {"label": label_of(question)}
    if "choices" in question:
        shown["choices"] = [
            {"value": c["value"], "label": label_of(c)} for c in question["choices"]
        ]
    return shown


def clean_answers(schema, answers):
    """Return the answers checked against the schema; raise ValidationError naming the problem."""
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        raise ValidationError(_("answers must be an object keyed by question."))
    known = {q["key"]: q for q in schema}
    unknown = sorted(set(answers) - set(known))
    if unknown:
        raise ValidationError(_("Unknown question(s): %(keys)s.") % {"keys": ", ".join(unknown)})
    cleaned = {}
    for key, question in known.items():
        value = answers.get(key)
        if value is None or value == "" or value == []:
            if question.get("required", False):
                raise ValidationError(_("Question %(key)r is required.") % {"key": key})
            continue
        cleaned[key] = _clean_answer(question, value)
    return cleaned


def _clean_answer(question, value):
    """Return one answer checked against its question's type."""
    key, kind = question["key"], question["type"]
    clean = _ANSWER_CHECKS.get(kind, _clean_short_text)
    return clean(key, question, value)


def _choices(question) -> list[str]:
    return [c["value"] for c in question["choices"]]


def _one_of(key, allowed, value):
    """Return the value if it is one of allowed."""
    if value not in allowed:
        raise ValidationError(
            _("Answer to %(key)r must be one of %(allowed)s.")
            % {"key": key, "allowed": ", ".join(allowed)}
        )
    return value


def _clean_single_choice(key, question, value):
    """Return the value if it is one of the question's choices."""
    return _one_of(key, _choices(question), value)


def _clean_multiple_choice(key, question, value):
    """Return the value if it is a list of distinct choices of the question."""
    allowed = _choices(question)
    if not isinstance(value, list) or any(v not in allowed for v in value):
        raise ValidationError(
            _("Answer to %(key)r must be a list from %(allowed)s.")
            % {"key": key, "allowed": ", ".join(allowed)}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Answer to %(key)r repeats a choice.") % {"key": key})
    return value


def _clean_rating(key, question, value):
    """Return the value if it is a whole number within RATING_RANGE."""
    low, high = RATING_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            _("Answer to %(key)r must be a whole number %(low)d-%(high)d.")
            % {"key": key, "low": low, "high": high}
        )
    return value


def _clean_time_of_day(key, question, value):
    """Return the value if it is one of the TIME_OF_DAY buckets."""
    return _one_of(key, TIME_OF_DAY, value)


def _clean_short_text(key, question, value):
    """Return the text stripped, if it is no longer than the question's max_length."""
    limit = question.get("max_length", SHORT_TEXT_DEFAULT)
    if not isinstance(value, str):
        raise ValidationError(_("Answer to %(key)r must be text.") % {"key": key})
    if len(value) > limit:
        raise ValidationError(
            _("Answer to %(key)r is %(count)d characters; at most %(limit)d.")
            % {"key": key, "count": len(value), "limit": limit}
        )
    return value.strip()


# Any other type is short_text: schemas are validated on save, so only the five types reach here.
_ANSWER_CHECKS = {
    "single_choice": _clean_single_choice,
    "multiple_choice": _clean_multiple_choice,
    "rating": _clean_rating,
    "time_of_day": _clean_time_of_day,
}
