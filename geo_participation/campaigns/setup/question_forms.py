"""A category's questions edited as a form, never as JSON: one row per question, choice rows in it.

The rows produce the schema of campaigns/questions.py. Without JavaScript, "Add a question" and
"Add a choice" are submit buttons: the page comes back with one more empty row, nothing saved.
"""

import re

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from geo_participation.campaigns.questions import SHORT_TEXT_DEFAULT, SHORT_TEXT_MAX

from .forms import UMLAUTS, CappedFormSet, capped

CHOICE_TYPES = ("single_choice", "multiple_choice")
TYPE_CHOICES = [
    ("single_choice", _("Single choice (one answer)")),
    ("multiple_choice", _("Multiple choice (any number of answers)")),
    ("rating", _("Rating on a scale of 1 to 5")),
    ("short_text", _("Short text")),
]
# Offered only to a question that already has it: older campaigns ask "when?" this way.
TIME_OF_DAY_CHOICE = ("time_of_day", _("Time of day (morning, day, evening, night)"))
KEY_HELP = _("Lower-case letters, digits and _; empty: made from the German label.")
QUESTION_PREFIX = re.compile(r"^question-\d+$")


def suggested_key(label: str, limit: int = 40) -> str:
    """Return the key suggested for a label ("Wie hell?" -> "wie_hell")."""
    key = slugify(label.translate(UMLAUTS)).replace("-", "_")[:limit].strip("_")
    return key if key[:1].isalpha() else f"q_{key}"[:limit].strip("_")


class ChoiceForm(forms.Form):
    """One answer of a choice question: its stored value and its labels."""

    original = forms.CharField(widget=forms.HiddenInput, required=False)
    value = forms.RegexField(
        label=_("Value"),
        regex=r"^[a-z0-9][a-z0-9_-]{0,39}$",
        required=False,
        help_text=KEY_HELP,
        error_messages={"invalid": _("Please use only lower-case letters, digits, - and _.")},
    )
    label_de = forms.CharField(label=_("Answer (German)"), max_length=200, required=False)
    label_en = forms.CharField(label=_("Answer (English)"), max_length=200, required=False)
    remove = forms.BooleanField(label=_("Remove this answer"), required=False)

    def choice(self) -> dict | None:
        """Return the choice as the schema holds it, or None for an empty or removed row."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("remove") or not data.get("label_de"):
            return None
        choice = {"value": data["value"], "label": data["label_de"]}
        return choice | ({"label_en": data["label_en"]} if data.get("label_en") else {})

    def clean(self):
        """Make the value from the German label when empty; refuse English without German."""
        data = super().clean()
        if data.get("label_en") and not data.get("label_de") and not data.get("remove"):
            self.add_error("label_de", _("Please enter the German answer too."))
        if data.get("label_de") and not data.get("value") and "value" not in self.errors:
            data["value"] = suggested_key(data["label_de"]).replace("q_", "", 1) or "a"
        return data


# Generous for a questionnaire on a phone; the caps keep a forged row count cheap to refuse.
MAX_QUESTIONS = 30
MAX_CHOICES = 30
ChoiceFormSet = capped(ChoiceForm, CappedFormSet, extra=2, limit=MAX_CHOICES)


class QuestionForm(forms.Form):
    """One question: type, labels, required, its place in the list and, for choices, answers."""

    original = forms.CharField(widget=forms.HiddenInput, required=False)
    key = forms.RegexField(
        label=_("Key"),
        regex=r"^[a-z][a-z0-9_]{0,39}$",
        required=False,
        help_text=KEY_HELP,
        error_messages={
            "invalid": _("Please start with a letter; then lower-case letters, digits or _.")
        },
    )
    type = forms.ChoiceField(label=_("Kind of question"), choices=TYPE_CHOICES)
    label_de = forms.CharField(label=_("Question (German)"), max_length=300, required=False)
    label_en = forms.CharField(label=_("Question (English)"), max_length=300, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    max_length = forms.IntegerField(
        label=_("Longest answer (characters, short text only)"),
        min_value=1,
        max_value=SHORT_TEXT_MAX,
        required=False,
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=999)
    remove = forms.BooleanField(label=_("Remove this question"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.initial.get("type") == "time_of_day":
            self.fields["type"].choices = [*TYPE_CHOICES, TIME_OF_DAY_CHOICE]
        self.choices = ChoiceFormSet(
            self.data if self.is_bound else None,
            initial=self.initial.get("choices", []),
            prefix=f"{self.prefix}-choice",
        )

    @property
    def used(self) -> bool:
        """Return whether the row asks something (stored, or a new one with a label or answer)."""
        data = self.cleaned_data
        labelled = data.get("original") or data.get("label_de") or data.get("label_en")
        return bool(labelled or self.choices.has_changed())

    def has_changed(self):
        """Return whether the row or an answer was filled in (an untouched row is skipped)."""
        return super().has_changed() or self.choices.has_changed()

    def is_valid(self):
        """Return whether the row and its choice rows are valid."""
        own = super().is_valid()
        return self.choices.is_valid() and own

    @property
    def error_count(self) -> int:
        """Return the errors of the row and of its choice rows."""
        return len(self.errors) + self.choices.total_error_count()

    def clean(self):
        """Check labels and choices; make the key from the German label when empty."""
        data = super().clean()
        if self.choices.is_bound and not self.choices.is_valid() and self.choices.non_form_errors():
            # E.g. too many answer rows: said at the question (the rows are not built).
            self.add_error(None, list(self.choices.non_form_errors()))
        if data.get("remove") or not self.used:
            return data
        if not data.get("label_de"):
            self.add_error("label_de", _("Please enter the question in German."))
        elif not data.get("key") and "key" not in self.errors:
            data["key"] = data.get("original") or suggested_key(data["label_de"])
        if data.get("type") in CHOICE_TYPES and self.choices.is_valid():
            _check_choices(self)
        return data

    def question(self) -> dict:
        """Return the question as the schema holds it."""
        data = self.cleaned_data
        question = {
            "key": data["key"],
            "label": data["label_de"],
            "type": data["type"],
            "required": data["required"],
        }
        if data.get("label_en"):
            question["label_en"] = data["label_en"]
        if data["type"] in CHOICE_TYPES:
            question["choices"] = [c for form in self.choices if (c := form.choice())]
        if data["type"] == "short_text":
            question["max_length"] = data.get("max_length") or SHORT_TEXT_DEFAULT
        return question


class BaseQuestionFormSet(CappedFormSet):
    """The category's questions in their order, plus one empty row to add a question."""

    def __init__(self, data=None, *, questions: list[dict]):
        rows = [_row(q, position) for position, q in enumerate(questions, start=1)]
        super().__init__(data, initial=rows, prefix="question")

    def get_form_kwargs(self, index):
        """Give each new row the next position."""
        if index < self.initial_form_count():
            return {}
        return {"initial": _new_question(index)}

    def focus(self, prefix: str) -> None:
        """Put the focus on the first field of the row (question or answer) with this prefix."""
        rows = [row for form in self.forms for row in (form, *form.choices.forms)]
        for row in rows:
            if row.prefix == prefix:
                row.fields["label_de"].widget.attrs["autofocus"] = True

    def schema(self) -> list[dict]:
        """Return the questions asked for, in their order (removed and empty rows left out)."""
        kept = [f for f in self.forms if f.used and not f.cleaned_data.get("remove")]
        kept.sort(key=lambda f: (f.cleaned_data["position"], self.forms.index(f)))
        return [form.question() for form in kept]

    def clean(self):
        """Refuse duplicate keys and choice questions without answers, beside the question."""
        if any(self.errors):
            return
        seen = {}
        for form in self.forms:
            if not form.used or form.cleaned_data.get("remove"):
                continue
            key = form.cleaned_data.get("key")
            if key in seen:
                form.add_error(
                    "key", _("Another question already has the key “%(key)s”.") % {"key": key}
                )
            seen[key] = form

    def refuse(self, question: str, choice: str, message: str) -> bool:
        """Show a refusal beside the question (or its choice) it names; return whether found."""
        for form in self.forms:
            if form.cleaned_data.get("original") != question:
                continue
            for row in form.choices:
                if choice and row.cleaned_data.get("original") == choice:
                    row.add_error(None, message)
                    return True
            form.add_error(None, message)
            return True
        return False


def with_row_added(data, target: str):
    """Return the posted rows with one more empty row, and that row's prefix ("" for none).

    target "question" adds a question; a question's prefix ("question-1") adds an answer to it.
    The new row's data are its initial values, with its own (empty) answers' management form:
    so it reads as untouched, shows no errors and is left out when saved empty.
    """
    data = data.copy()
    owner = "question" if target == "question" else f"{target}-choice"
    total = f"{owner}-TOTAL_FORMS"
    if not (target == "question" or QUESTION_PREFIX.match(target)):
        return data, ""
    if not data.get(total, "").isdigit():
        return data, ""
    index = int(data[total])
    data[total] = str(index + 1)
    prefix = f"{owner}-{index}"
    if target == "question":
        for name, value in _new_question(index).items():
            data[f"{prefix}-{name}"] = str(value)
        data[f"{prefix}-choice-TOTAL_FORMS"] = str(ChoiceFormSet.extra)
        data[f"{prefix}-choice-INITIAL_FORMS"] = "0"
    return data, prefix


def _new_question(index: int) -> dict:
    # Positions count from 1, so the new row's index + 1 puts it last.
    return {"position": index + 1, "type": "single_choice"}


def _check_choices(form: QuestionForm) -> None:
    values = [c["value"] for row in form.choices if (c := row.choice())]
    if not values:
        form.add_error(None, _("Please enter at least one answer to choose from."))
    for row in form.choices:
        choice = row.choice()
        if choice and values.count(choice["value"]) > 1:
            row.add_error(
                "value",
                _("Another answer already has the value “%(value)s”.") % {"value": choice["value"]},
            )


def _row(question: dict, position: int) -> dict:
    choices = [
        {
            "original": c["value"],
            "value": c["value"],
            "label_de": c["label"],
            "label_en": c.get("label_en", ""),
        }
        for c in question.get("choices", [])
    ]
    return {
        "original": question["key"],
        "key": question["key"],
        "type": question["type"],
        "label_de": question["label"],
        "label_en": question.get("label_en", ""),
        "required": bool(question.get("required", False)),
        "max_length": question.get("max_length"),
        "position": position,
        "choices": choices,
    }


QuestionFormSet = capped(QuestionForm, BaseQuestionFormSet, extra=1, limit=MAX_QUESTIONS)
