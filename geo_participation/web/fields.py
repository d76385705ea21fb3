"""Form fields and readable answers from a category's question schema (campaigns.questions)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from geo_participation.campaigns.questions import (
    RATING_RANGE,
    SHORT_TEXT_DEFAULT,
    TIME_OF_DAY,
    label_of,
)

TIME_OF_DAY_LABELS = {
    "morning": _("In the morning"),
    "daytime": _("During the day"),
    "evening": _("In the evening"),
    "night": _("At night"),
}
assert set(TIME_OF_DAY_LABELS) == set(TIME_OF_DAY)


@dataclass
class QuestionField:
    """What the template needs to render one question as an HTML form control."""

    key: str
    label: str
    type: str
    required: bool
    html_id: str
    # (value, label) pairs for radios and checkboxes; empty for text.
    choices: list[tuple[str, str]] = field(default_factory=list)
    max_length: int = SHORT_TEXT_DEFAULT

    @property
    def widget(self) -> str:
        """Return the control to render: checkbox, text or radio."""
        if self.type == "multiple_choice":
            return "checkbox"
        return "text" if self.type == "short_text" else "radio"


def _choices(question: dict) -> list[tuple[str, str]]:
    kind = question["type"]
    if kind in ("single_choice", "multiple_choice"):
        return [(c["value"], label_of(c)) for c in question["choices"]]
    if kind == "time_of_day":
        return [(value, str(TIME_OF_DAY_LABELS[value])) for value in TIME_OF_DAY]
    if kind == "rating":
        low, high = RATING_RANGE
        return [(str(n), str(n)) for n in range(low, high + 1)]
    return []


def question_fields(category) -> list[QuestionField]:
    """Return the category's questions as form fields, in schema order."""
    return [
        QuestionField(
            key=q["key"],
            label=label_of(q),
            type=q["type"],
            required=bool(q.get("required", False)),
            html_id=f"q-{category.key}-{q['key']}",
            choices=_choices(q),
            max_length=q.get("max_length", SHORT_TEXT_DEFAULT),
        )
        for q in category.questions
    ]


def answer_text(question: dict, value) -> str:
    """Return an answer as a person reads it: choice labels instead of stored values."""
    labels = dict(_choices(question))
    if question["type"] == "rating":
        return gettext("%(value)s of %(high)s") % {"value": value, "high": RATING_RANGE[1]}
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value)
    return labels.get(value, str(value))


def answer_rows(category, answers: dict) -> list[tuple[str, str]]:
    """Return (question label, answer text) for each answered question, in schema order."""
    return [
        (label_of(q), answer_text(q, answers[q["key"]]))
        for q in category.questions
        if q["key"] in (answers or {})
    ]


def answer_labels(category) -> dict:
    """Return, per question key, its label, type and value labels, for the page's scripts."""
    return {
        q["key"]: {"label": label_of(q), "type": q["type"], "choices": dict(_choices(q))}
        for q in category.questions
    }
