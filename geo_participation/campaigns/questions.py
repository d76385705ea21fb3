"""Question schemas of a category, and the check that answers fit them.

A schema is a list of questions, each a dict:
    {"key": "when", "label": "When?", "type": "time_of_day", "required": true}
Types: single_choice and multiple_choice (with "choices": [{"value": ..., "label": ...}]),
rating (an integer 1-5), time_of_day (one of TIME_OF_DAY) and short_text (up to "max_length",
default 200 characters).
"""

import re

from django.core.exceptions import ValidationError
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
        key = question.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            raise ValidationError(f"{where}: key must be lower-case letters, digits or _.")
        if key in seen:
            raise ValidationError(f"{where}: duplicate key {key!r}.")
        seen.add(key)
        if not isinstance(question.get("label"), str) or not question["label"].strip():
            raise ValidationError(f"{where}: a label is required.")
        kind = question.get("type")
        if kind not in QUESTION_TYPES:
            raise ValidationError(f"{where}: type must be one of {', '.join(QUESTION_TYPES)}.")
        if not isinstance(question.get("required", False), bool):
            raise ValidationError(f"{where}: required must be true or false.")
        if kind in ("single_choice", "multiple_choice"):
            _validate_choices(where, question.get("choices"))
        if kind == "short_text":
            limit = question.get("max_length", SHORT_TEXT_DEFAULT)
            if (
                not isinstance(limit, int)
                or isinstance(limit, bool)
                or not 1 <= limit <= SHORT_TEXT_MAX
            ):
                raise ValidationError(f"{where}: max_length must be an integer 1-{SHORT_TEXT_MAX}.")


def _validate_choices(where, choices):
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
    key, kind = question["key"], question["type"]
    if kind == "single_choice":
        allowed = [c["value"] for c in question["choices"]]
        if value not in allowed:
            raise ValidationError(
                _("Answer to %(key)r must be one of %(allowed)s.")
                % {"key": key, "allowed": ", ".join(allowed)}
            )
        return value
    if kind == "multiple_choice":
        allowed = [c["value"] for c in question["choices"]]
        if not isinstance(value, list) or any(v not in allowed for v in value):
            raise ValidationError(
                _("Answer to %(key)r must be a list from %(allowed)s.")
                % {"key": key, "allowed": ", ".join(allowed)}
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("Answer to %(key)r repeats a choice.") % {"key": key})
        return value
    if kind == "rating":
        low, high = RATING_RANGE
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(
                _("Answer to %(key)r must be a whole number %(low)d-%(high)d.")
                % {"key": key, "low": low, "high": high}
            )
        return value
    if kind == "time_of_day":
        if value not in TIME_OF_DAY:
            raise ValidationError(
                _("Answer to %(key)r must be one of %(allowed)s.")
                % {"key": key, "allowed": ", ".join(TIME_OF_DAY)}
            )
        return value
    limit = question.get("max_length", SHORT_TEXT_DEFAULT)
    if not isinstance(value, str):
        raise ValidationError(_("Answer to %(key)r must be text.") % {"key": key})
    if len(value) > limit:
        raise ValidationError(
            _("Answer to %(key)r is %(count)d characters; at most %(limit)d.")
            % {"key": key, "count": len(value), "limit": limit}
        )
    return value.strip()
