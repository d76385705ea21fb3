"""The ballot form without a Django Form: answers read from a plain POST, and what the
template needs per question (its options, what is ticked, its error).

    answers_from_post(questions, data) -> (answers, errors)
    form_questions(questions, answers=None, errors=None) -> [dict]   for polls/_ballot_form.html
"""

import re

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .answers import choice_limit, too_many
from .models import PollQuestion, QuestionKind


def rank_field(question: PollQuestion, option) -> str:
    """Return the form field name of an option's rank in a ranking question."""
    return f"{question.key}.{option.key}"


# ASCII digits only, a few of them: str.isdigit() also takes "²" (which int() refuses) and
# int() refuses more than 4300 digits; either would end the request in a 500.
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,6}")


def _whole_number(raw: str) -> int | None:
    """Return the posted text as a whole number, or None when it is not a short one."""
    raw = raw.strip()
    return int(raw) if WHOLE_NUMBER.fullmatch(raw) else None


def _ranking_from_post(question, data):
    """Return the option keys ordered by the ranks given, or an error naming what is wrong."""
    ranks, limit = {}, choice_limit(question)
    for option in question.options.all():
        raw = data.get(rank_field(question, option), "")
        if not raw.strip():
            continue  # not ranked
        rank = _whole_number(raw)
        if rank is None or not 1 <= rank <= limit:
            return None, _("Choose each rank from the list, 1 to %(n)d.") % {"n": limit}
        ranks.setdefault(rank, []).append(option.key)
    if any(len(keys) > 1 for keys in ranks.values()):
        return None, _("Give each rank only once.")
    return [ranks[rank][0] for rank in sorted(ranks)], None


def _scale_from_post(raw: str):
    # Anything but a short whole number is passed on as text, which answers.clean_ballot
    # refuses beside the question ("Choose a whole number from 1 to 5.").
    number = _whole_number(raw)
    return raw.strip() if number is None else number


def answers_from_post(questions: list[PollQuestion], data) -> tuple[dict, dict]:
    """Return the answers a posted ballot form holds, and the errors of reading them."""
    answers, errors = {}, {}
    for question in questions:
        if question.kind == QuestionKind.MULTIPLE:
            answers[question.key] = data.getlist(question.key)
        elif question.kind == QuestionKind.RANKING:
            answers[question.key], error = _ranking_from_post(question, data)
            if error:
                errors[question.key] = error
        elif question.kind == QuestionKind.SCALE:
            answers[question.key] = _scale_from_post(data.get(question.key, ""))
        else:
            answers[question.key] = data.get(question.key, "")
    return answers, errors


def _hint(question) -> str:
    limit = choice_limit(question)
    if question.kind == QuestionKind.MULTIPLE:
        return ngettext("Choose up to %(n)d.", "Choose up to %(n)d.", limit) % {"n": limit}
    if question.kind == QuestionKind.RANKING:
        return ngettext(
            "Give rank 1 to your favourite; rank %(n)d option.",
            "Give rank 1 to your favourite, and so on; rank %(n)d options.",
            limit,
        ) % {"n": limit}
    return ""


def _option(question, option, answer) -> dict:
    if question.kind == QuestionKind.RANKING:
        ranked = answer if isinstance(answer, list) else []
        rank = ranked.index(option.key) + 1 if option.key in ranked else None
        checked = False
    else:
        picked = answer if isinstance(answer, list) else [answer]
        rank, checked = None, option.key in picked
    image = None
    if option.image:
        image = {
            "url": reverse("poll-option-thumbnail", kwargs={"pk": option.pk}),
            "alt": option.alt_text,
            "width": option.image_width,
            "height": option.image_height,
        }
    return {
        "key": option.key,
        "label": option.label,
        "image": image,
        "checked": checked,
        "rank": rank,
        "field": rank_field(question, option),
    }


def form_questions(questions: list[PollQuestion], answers=None, errors=None) -> list[dict]:
    """Return each question as the ballot form shows it, ticked as in answers."""
    answers, errors = answers or {}, errors or {}
    shown = []
    for question in questions:
        answer = answers.get(question.key)
        entry = {
            "key": question.key,
            "kind": question.kind,
            "label": question.label,
            "help": question.help,
            "required": question.required,
            "html_id": f"gp-q-{question.key}",
            "error": errors.get(question.key, ""),
            "hint": _hint(question),
            "limit": choice_limit(question) if question.has_options else None,
            "too_many": too_many(choice_limit(question)) if question.has_options else "",
            "options": [_option(question, option, answer) for option in question.options.all()],
            "has_images": any(option.image for option in question.options.all()),
        }
        if question.kind == QuestionKind.SCALE:
            entry["scale"] = [
                (value, value == answer)
                for value in range(question.scale_min, question.scale_max + 1)
            ]
        if question.kind == QuestionKind.RANKING:
            entry["ranks"] = range(1, entry["limit"] + 1)
        shown.append(entry)
    return shown
