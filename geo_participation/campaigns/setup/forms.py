"""The setup pages' forms: each field's check and its message in plain words, nothing stored."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from geo_participation.campaigns.models import Campaign, Kind, Moderation, Participation
from geo_participation.campaigns.schema_changes import kind_refusal
from geo_participation.campaigns.selectors import public_statuses

from . import area

# Addresses the setup pages use themselves (/einrichten/neu/ creates a campaign).
RESERVED_SLUGS = {"neu"}
# A browser's datetime-local value, minutes precision.
LOCAL_MINUTES = "%Y-%m-%dT%H:%M"
# German umlauts the way a German reads them in an address (slugify would drop the dots only).
UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def suggested_slug(title: str) -> str:
    """Return the address suggested for a title ("Angsträume 2027" -> "angstraeume-2027")."""
    return slugify(title.translate(UMLAUTS))[:80].strip("-")


class DescribedErrors:
    """Point a refused field at its message (the templates give it the id "<field id>-error")."""

    def full_clean(self):
        """Validate, then let a screen reader read each refused field's message with it."""
        super().full_clean()
        for name in getattr(self, "_errors", None) or {}:
            if name in self.fields:
                field = self[name]
                described = [f"{field.auto_id}-error"]
                if field.help_text:
                    described.append(f"{field.auto_id}_helptext")
                field.field.widget.attrs["aria-describedby"] = " ".join(described)


def _when(label, help_text, required):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTES)
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        required=required,
        widget=widget,
        input_formats=[LOCAL_MINUTES, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class CampaignForm(DescribedErrors, forms.Form):
    """A campaign's kind, texts in German and English, address, dates and rules."""

    kind = forms.ChoiceField(
        label=_("Kind of campaign"),
        widget=forms.RadioSelect,
        choices=[
            (Kind.MAP, _("Map (residents mark places)")),
            (Kind.POLL, _("Poll (questions with answers to choose from)")),
            (Kind.VOTE, _("Vote (a number of votes per person on a list of options)")),
        ],
        help_text=_("It can change only while the campaign is a draft nobody has taken part in."),
    )
    title_de = forms.CharField(label=_("Title (German)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_de = forms.CharField(
        label=_("Description (German)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    area_name_de = forms.CharField(
        label=_("Name of the area (German)"),
        max_length=120,
        required=False,
        help_text=_("What residents call the area, e.g. Kaiserslautern."),
    )
    area_name_en = forms.CharField(
        label=_("Name of the area (English)"), max_length=120, required=False
    )
    slug = forms.CharField(
        label=_("Web address"),
        max_length=80,
        required=False,
        help_text=_(
            "Part of the campaign's address (/c/…/): lower-case letters, digits and hyphens. "
            "Leave it empty to have it made from the German title."
        ),
    )
    opens_at = _when(_("Opens on"), _("From when residents may take part."), True)
    closes_at = _when(_("Closes on"), _("Empty: open-ended."), False)
    participation = forms.ChoiceField(
        label=_("Who may take part"),
        widget=forms.RadioSelect,
        choices=[
            (Participation.ANONYMOUS, _("Anyone, also without an account")),
            (Participation.REGISTERED, _("Only residents with an account")),
        ],
    )
    moderation = forms.ChoiceField(
        label=_("Moderation"),
        widget=forms.RadioSelect,
        choices=[
            (Moderation.PRE, _("Posts are public only after a moderator approves them")),
            (Moderation.POST, _("Posts are public at once, until a moderator rejects them")),
        ],
    )

    results_early = forms.BooleanField(
        label=_("Show the results early"),
        required=False,
        help_text=_(
            "The public results page (/c/…/ergebnisse/) shows its numbers while the campaign is "
            "still open, and a poll its counts. Otherwise they appear when it closes."
        ),
    )
    results_summary_de = forms.CharField(
        label=_("Summary of the results (German)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("A few sentences on what came of the campaign, shown on its results page."),
    )
    results_summary_en = forms.CharField(
        label=_("Summary of the results (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, data=None, *, instance: Campaign | None = None):
        self.instance = instance
        initial = {
            "kind": Kind.MAP,
            "participation": Participation.ANONYMOUS,
            "moderation": Moderation.PRE,
        }
        if instance is not None:
            initial = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(data, initial=initial)
        if instance is not None and not instance.draft:
            # Links to a published campaign are out there; its address stays.
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("A published campaign keeps its address.")
        refusal = kind_refusal(instance) if instance is not None else ""
        if refusal:
            # Posts or ballots answer what the kind asked (schema_changes.kind_refusal).
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = refusal

    def clean_slug(self):
        """Return the address asked for, or the one made from the title; refuse a taken one."""
        slug = self.cleaned_data["slug"].strip() or suggested_slug(
            self.data.get("title_de", "") if self.is_bound else ""
        )
        if not slug:
            raise ValidationError(_("Please enter an address, or a German title to make it."))
        if slugify(slug) != slug:
            raise ValidationError(
                _("Please use only lower-case letters, digits and hyphens, e.g. “%(example)s”.")
                % {"example": suggested_slug(slug) or "radwege-2027"}
            )
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                _("The address “%(slug)s” is reserved; please choose another.") % {"slug": slug}
            )
        taken = Campaign.all_objects.filter(slug=slug)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                _("The address “%(slug)s” is already taken by another campaign.") % {"slug": slug}
            )
        return slug

    def clean(self):
        """Refuse a closing date that is not after the opening date."""
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing date must be after the opening date."))
        return data


class StatusForm(DescribedErrors, forms.Form):
    """One public status: its labels, its place in the list, or its removal."""

    key = forms.CharField(widget=forms.HiddenInput, required=False)
    label_de = forms.CharField(label=_("Name (German)"), max_length=80, required=False)
    label_en = forms.CharField(label=_("Name (English)"), max_length=80, required=False)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=999)
    remove = forms.BooleanField(label=_("Remove"), required=False)

    def clean(self):
        """Refuse a kept or new status without a German name."""
        data = super().clean()
        if data.get("key") and not data.get("remove") and not data.get("label_de"):
            self.add_error("label_de", _("Please enter the German name of the status."))
        if not data.get("key") and data.get("label_en") and not data.get("label_de"):
            self.add_error("label_de", _("Please enter the German name of the new status."))
        return data


class CappedFormSet(forms.BaseFormSet):
    """A formset refused whole, building no row, when it claims more rows than absolute_max.

    Django builds min(TOTAL_FORMS, absolute_max) rows before it refuses too many; a posted
    TOTAL_FORMS of 9999999999 would still cost a thousand rows (and their choice rows) of CPU.
    Use with max_num, validate_max and absolute_max set (capped()).
    """

    default_error_messages = {
        "too_many_forms": _("Please send at most %(num)d rows."),
    }

    def total_form_count(self):
        """Return the rows to build: none for an absurd count, which full_clean refuses."""
        if self.is_bound and self.management_form.is_valid():
            if self.management_form.cleaned_data["TOTAL_FORMS"] > self.absolute_max:
                return 0
        return super().total_form_count()


def capped(form, formset, *, extra: int, limit: int):
    """Return a formset class of at most limit rows (one more only to show the refusal)."""
    return formset_factory(
        form, formset=formset, extra=extra, max_num=limit, validate_max=True, absolute_max=limit + 1
    )


class BaseStatusFormSet(CappedFormSet):
    """The campaign's public statuses in their order, plus an empty row to add one."""

    def __init__(self, data=None, *, campaign: Campaign):
        # "name" (the label in the page's language) is for the page, never a key.
        rows = [
            {
                "key": s.key,
                "name": s.label,
                "label_de": s.label_de,
                "label_en": s.label_en,
                "position": i + 1,
            }
            for i, s in enumerate(public_statuses(campaign))
        ]
        super().__init__(data, initial=rows, prefix="status")
        self.next_position = len(rows) + 1

    def get_form_kwargs(self, index):
        """Give the empty row the next position."""
        return (
            {"initial": {"position": self.next_position}}
            if index >= self.initial_form_count()
            else {}
        )

    def rows(self) -> list[dict]:
        """Return the statuses asked for: kept, renamed, moved, removed or new (with a name)."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data.get("key") or form.cleaned_data.get("label_de")
        ]

    def refuse(self, refusal: ValidationError) -> None:
        """Show a service's refusal next to the status it names (else above the list)."""
        key = (refusal.params or {}).get("key") if hasattr(refusal, "params") else None
        for form in self.forms:
            if key and form.cleaned_data.get("key") == key:
                form.add_error("remove", refusal)
                return
        self._non_form_errors = self.error_class(refusal.messages)


StatusFormSet = capped(StatusForm, BaseStatusFormSet, extra=1, limit=30)


class AreaForm(DescribedErrors, forms.Form):
    """The area: drawn on the map (GeoJSON from the drawing) or a GIS file."""

    drawn = forms.CharField(widget=forms.HiddenInput, required=False)
    file = forms.FileField(
        label=_("GIS file"),
        required=False,
        help_text=_(
            "GeoJSON, GeoPackage or a zipped Shapefile with polygons, in any coordinate "
            "reference system; all its polygons together become the area."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,.gpkg,.zip"}),
    )
    layer = forms.CharField(
        label=_("Layer"),
        required=False,
        help_text=_("Only for a file with several layers: the name of the one to use."),
    )
    copy_from = forms.ModelChoiceField(
        label=_("Campaign whose area to take over"),
        queryset=Campaign.all_objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("For example the city's area of an earlier campaign, for a poll or a vote."),
    )

    def __init__(self, data=None, files=None, *, campaign: Campaign | None = None):
        super().__init__(data, files)
        others = Campaign.all_objects.filter(area__isnull=False).order_by("title", "slug")
        if campaign is not None:
            others = others.exclude(pk=campaign.pk)
        self.fields["copy_from"].queryset = others
        self.fields["copy_from"].label_from_instance = lambda c: f"{c.title} (/c/{c.slug}/)"

    def area_field(self) -> str:
        """Return the field the area came from, where a refusal is shown."""
        if self.files.get("file"):
            return "file"
        return "copy_from" if self.data.get("copy_from") else "drawn"

    def clean(self):
        """Return the area read from the file, taken over, or drawn, checked (area.py)."""
        data = super().clean()
        upload, drawn = data.get("file"), (data.get("drawn") or "").strip()
        if "copy_from" in self.errors:
            return data
        try:
            if upload:
                data["area"] = area.read_upload(upload, layer=data.get("layer") or None)
            elif data.get("copy_from"):
                data["area"] = data["copy_from"].area.clone()
            elif drawn:
                data["area"] = area.from_geojson(drawn)
            else:
                raise ValidationError(
                    _(
                        "Please draw the area on the map, choose a file or a campaign to take "
                        "it from."
                    )
                )
        except ValidationError as refusal:
            # Several layers or a wrong name: corrected in "Layer", so said there.
            layer = getattr(refusal, "code", None) == area.LAYER_CODE
            self.add_error("layer" if layer else self.area_field(), refusal)
        return data
