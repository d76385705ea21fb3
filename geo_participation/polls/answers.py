"""Check a ballot's answers against the poll's questions; every refusal names its question.

    clean_ballot(questions, answers) -> dict     the answers to store, or Rejected with
                                                  `errors` = {question key: message}

Answers by kind: single -> one option key; multiple -> 1..max_choices distinct option keys;
scale -> a whole number within the scale; ranking -> distinct option keys, best first, exactly
max_choices of them (all options when it is empty). An unanswered optional question is left out.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from geo_participation.errors import Rejected

from .models import PollQuestion, QuestionKind

EMPTY = (None, "", [])


def choice_limit(question: PollQuestion) -> int:
    """Return how many options a person picks at most (multiple) or ranks (ranking)."""
    count = len(question.options.all())
    return min(question.max_choices or count, count)


def too_many(limit: int) -> str:
    """Return the refusal of more than limit options (the form's script shows it too)."""
    return ngettext("Choose at most %(n)d option.", "Choose at most %(n)d options.", limit) % {
        "n": limit
    }


def _keys(question: PollQuestion) -> list[str]:
    return [option.key for option in question.options.all()]


def _unknown(question, value) -> str:
    return _("Unknown option %(value)s; choose among: %(keys)s.") % {
        "value": repr(value)[:60],
        "keys": ", ".join(_keys(question)),
    }


def _single(question, value):
    if not isinstance(value, str) or value not in _keys(question):
        return None, _unknown(question, value)
    return value, None


def _picked(question, value):
    """Return the distinct known option keys of a list answer, or an error."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None, _("Send a list of option keys.")
    unknown = [v for v in value if v not in _keys(question)]
    if unknown:
        return None, _unknown(question, unknown[0])
    if len(set(value)) != len(value):
        return None, _("Each option can be chosen only once.")
    return value, None


def _multiple(question, value):
    picked, error = _picked(question, value)
    if error:
        return None, error
    limit = choice_limit(question)
    if len(picked) > limit:
        return None, too_many(limit)
    return picked, None


def _scale(question, value):
    low, high = question.scale_min, question.scale_max
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None, _("Choose a whole number from %(low)d to %(high)d.") % {
            "low": low,
            "high": high,
        }
    return value, None


def _ranking(question, value):
    ranked, error = _picked(question, value)
    if error:
        return None, error
    wanted = choice_limit(question)
    if len(ranked) != wanted:
        message = ngettext(
            "Rank %(n)d option, each once.", "Rank %(n)d options, each once.", wanted
        ) % {"n": wanted}
        return None, message
    return ranked, None


CHECKS = {
    QuestionKind.SINGLE: _single,
    QuestionKind.MULTIPLE: _multiple,
    QuestionKind.SCALE: _scale,
    QuestionKind.RANKING: _ranking,
}


def clean_ballot(questions: list[PollQuestion], answers) -> dict:
    """Return the answers to store; refuse them naming every question that is wrong."""
    if not isinstance(answers, dict):
        raise Rejected(
            _("answers must be an object of question keys and answers."), code="invalid_answers"
        )
    by_key = {question.key: question for question in questions}
    unknown = sorted(set(answers) - set(by_key))
    if unknown:
        raise Rejected(
            _("Unknown questions: %(keys)s; this poll asks: %(known)s.")
            % {"keys": ", ".join(unknown), "known": ", ".join(by_key)},
            code="unknown_questions",
        )
    cleaned, errors = {}, {}
    for question in questions:
        value = answers.get(question.key)
        if value in EMPTY:
            if question.required:
                errors[question.key] = _("Please answer this question.")
            continue
        cleaned[question.key], error = CHECKS[question.kind](question, value)
        if error:
            errors[question.key] = error
    if errors:
        detail = " ".join(f"{by_key[key].label}: {message}" for key, message in errors.items())
        raise Rejected(detail, code="invalid_answers", errors=errors)
    return cleaned
