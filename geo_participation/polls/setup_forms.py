"""A poll's or vote's question edited as a form: its texts and kind, and one row per option.

Without JavaScript "Add another option" is a submit button: the page comes back with one more
empty row, nothing saved. An option's image is checked here (size, a JPEG, PNG or WebP Pillow can
read, pixel limits: submissions/photos) so a refusal stands beside its field; it is stored
re-encoded by polls.images when the question is saved.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from geo_participation.campaigns.models import Kind
from geo_participation.campaigns.setup.forms import CappedFormSet, DescribedErrors, capped
from geo_participation.campaigns.setup.question_forms import suggested_key
from geo_participation.errors import Rejected
from geo_participation.polls.models import PollOption, PollQuestion, QuestionKind
from geo_participation.polls.schema_changes import question_change_refusals
from geo_participation.submissions.photos import images
from geo_participation.submissions.photos.services import check_upload_size

MAX_OPTIONS = 30
KIND_CHOICES = [
    (QuestionKind.SINGLE, _("Single choice (one option)")),
    (QuestionKind.MULTIPLE, _("Multiple choice (several options)")),
    (QuestionKind.SCALE, _("Scale (a number from … to …)")),
    (QuestionKind.RANKING, _("Ranking (options put in order)")),
]


STALE_ROW = _(
    "This row does not match the stored options of the question (were they changed "
    "meanwhile?). Please reload the page and enter your changes again."
)


class OptionForm(DescribedErrors, forms.Form):
    """One option: German and English label, an optional image with its alt text, removal."""

    original = forms.CharField(widget=forms.HiddenInput, required=False)
    label_de = forms.CharField(label=_("Option (German)"), max_length=300, required=False)
    label_en = forms.CharField(label=_("Option (English)"), max_length=300, required=False)
    image = forms.FileField(
        label=_("Image (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP; stored re-encoded without its metadata."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text_de = forms.CharField(
        label=_("What the image shows (German alt text)"), max_length=300, required=False
    )
    alt_text_en = forms.CharField(
        label=_("What the image shows (English alt text)"), max_length=300, required=False
    )
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)
    remove = forms.BooleanField(label=_("Remove this option"), required=False)

    def __init__(self, *args, stored: PollOption | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = stored

    @property
    def used(self) -> bool:
        """Return whether the row is a stored option or a new one with something filled in."""
        data = self.cleaned_data
        return bool(data.get("original") or data.get("label_de") or data.get("label_en"))

    def clean_image(self):
        """Refuse a file that is too large or not a readable JPEG, PNG or WebP, beside it."""
        upload = self.cleaned_data.get("image")
        if not upload:
            return upload
        try:
            check_upload_size(upload.size)
            images.read_image(upload)
        except Rejected as refusal:
            raise forms.ValidationError(str(refusal.detail)) from refusal
        upload.seek(0)
        return upload

    def clean(self):
        """Ask for the German label of a used row, and for alt text wherever there is an image."""
        data = super().clean()
        # The hidden "original" names the stored option this row edits (its key, kept as the
        # option's key): only the option shown in this row, never a made-up or another one's.
        expected = self.stored.key if self.stored is not None else ""
        if (data.get("original") or "") != expected:
            self.add_error(None, STALE_ROW)
            return data
        if data.get("remove") or not self.used:
            return data
        if not data.get("label_de"):
            self.add_error("label_de", _("Please enter the option in German."))
        has_image = bool(data.get("image")) or (
            self.stored is not None and self.stored.image and not data.get("remove_image")
        )
        if has_image and not (data.get("alt_text_de") or "").strip():
            self.add_error(
                "alt_text_de",
                _(
                    "Please describe what the image shows (alt text): people who cannot see "
                    "it need it."
                ),
            )
        return data


class BaseOptionFormSet(CappedFormSet):
    """The question's options in their order, plus empty rows to add one."""

    def __init__(self, data=None, files=None, *, options: list[PollOption], prefix="option"):
        self.stored = {o.key: o for o in options}
        rows = [
            {
                "original": o.key,
                "label_de": o.label_de,
                "label_en": o.label_en or "",
                "alt_text_de": o.alt_text_de or "",
                "alt_text_en": o.alt_text_en or "",
            }
            for o in options
        ]
        super().__init__(data, files, initial=rows, prefix=prefix)

    def get_form_kwargs(self, index):
        """Give each stored row its option (for its thumbnail and whether it has an image)."""
        initial = self.initial[index] if self.initial and index < len(self.initial) else {}
        return {"stored": self.stored.get(initial.get("original", ""))}

    def rows(self) -> list[dict]:
        """Return the options kept or added, in their order, each with its key."""
        taken, rows = set(self.stored), []
        for form in self.forms:
            data = form.cleaned_data
            if not form.used or data.get("remove"):
                continue
            key = data.get("original")
            if not key:
                key = free_key(suggested_key(data["label_de"], 60), taken)
                taken.add(key)
            rows.append({**data, "key": key})
        return rows

    def clean(self):
        """Refuse an option whose German label another option of the question has."""
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            label = (form.cleaned_data.get("label_de") or "").strip().casefold()
            if not label or form.cleaned_data.get("remove"):
                continue
            if label in seen:
                form.add_error("label_de", _("Another option already has this label."))
            seen.add(label)


OptionFormSet = capped(OptionForm, BaseOptionFormSet, extra=2, limit=MAX_OPTIONS)


class PollQuestionForm(DescribedErrors, forms.Form):
    """One question of a poll or vote: texts, kind, whether required, choices or scale."""

    label_de = forms.CharField(label=_("Question (German)"), max_length=300)
    label_en = forms.CharField(label=_("Question (English)"), max_length=300, required=False)
    help_de = forms.CharField(
        label=_("Help text (German)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    help_en = forms.CharField(
        label=_("Help text (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of question"), widget=forms.RadioSelect, choices=KIND_CHOICES
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    max_choices = forms.IntegerField(
        label=_("At most this many options may be chosen (multiple choice and ranking)"),
        min_value=1,
        max_value=MAX_OPTIONS,
        required=False,
        help_text=_("Empty: as many as there are options."),
    )
    scale_min = forms.IntegerField(
        label=_("Scale from (scale only)"), min_value=-100, max_value=100, required=False
    )
    scale_max = forms.IntegerField(
        label=_("Scale to (scale only)"), min_value=-100, max_value=100, required=False
    )

    def __init__(
        self, data=None, *, campaign, instance: PollQuestion | None = None, ballots: int = 0
    ):
        self.campaign, self.instance = campaign, instance
        initial = {"kind": QuestionKind.SINGLE, "required": True, "scale_min": 1, "scale_max": 5}
        if campaign.kind == Kind.VOTE and instance is None:
            initial |= {"kind": QuestionKind.MULTIPLE, "max_choices": 3}
        if instance is not None:
            initial = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(data, initial=initial)
        if instance is not None and ballots:
            # Stored ballots answer this kind and scale (polls/schema_changes.py).
            for name in ("kind", "scale_min", "scale_max"):
                self.fields[name].disabled = True
            self.fields["kind"].help_text = question_change_refusals(
                question=instance, kind="", scale=(None, None), kept_options=set()
            )["kind"][0]
        if campaign.kind == Kind.VOTE:
            # A vote is one multiple-choice question over its options (design of polls).
            self.fields["kind"].choices = [c for c in KIND_CHOICES if c[0] == QuestionKind.MULTIPLE]
            self.fields["max_choices"].label = _("Votes per person")
            self.fields["max_choices"].help_text = _(
                "How many options each person may vote for (multiple choice)."
            )

    def clean(self):
        """Ask for a scale's range (lower end first) and drop what the kind does not use."""
        data = super().clean()
        kind = data.get("kind")
        if kind == QuestionKind.SCALE:
            low, high = data.get("scale_min"), data.get("scale_max")
            if low is None and "scale_min" not in self.errors:
                self.add_error("scale_min", _("Please enter where the scale starts."))
            if high is None and "scale_max" not in self.errors:
                self.add_error("scale_max", _("Please enter where the scale ends."))
            if low is not None and high is not None and low >= high:
                self.add_error("scale_max", _("The end of the scale must be above its start."))
        else:
            data["scale_min"] = data["scale_max"] = None
        if kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
            data["max_choices"] = None
        return data

    def fields_to_store(self) -> dict:
        """Return the model fields the form sets."""
        names = ("label_de", "label_en", "help_de", "help_en", "kind", "required")
        fields = {name: self.cleaned_data[name] for name in names}
        for name in ("max_choices", "scale_min", "scale_max"):
            fields[name] = self.cleaned_data.get(name)
        return fields


def free_key(base: str, taken: set) -> str:
    """Return base, or base_2, base_3 … if taken."""
    key, n = base or "option", 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def with_option_added(data):
    """Return the posted rows with one more empty option row, and its prefix."""
    data = data.copy()
    total = data.get("option-TOTAL_FORMS", "")
    if not total.isdigit():
        return data, ""
    data["option-TOTAL_FORMS"] = str(int(total) + 1)
    return data, f"option-{total}"
