"""The category form: key, labels, geometry kind, colour, symbol and the sensitive flag."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from geo_participation.campaigns.models import Category, GeometryKind
from geo_participation.campaigns.schema_changes import stays_sensitive

from .question_forms import suggested_key

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class ColourInput(forms.TextInput):
    """The browser's colour picker (a hex code field beside it works without it)."""

    input_type = "color"


class CategoryForm(forms.Form):
    """What citizens may mark: checked field by field, with the rule's words beside each."""

    label_de = forms.CharField(label=_("Name (German)"), max_length=120)
    label_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    key = forms.SlugField(
        label=_("Key"),
        max_length=60,
        required=False,
        help_text=_(
            "Used in addresses, filters and exports; empty: made from the German name. "
            "Fixed once the category has posts."
        ),
    )
    geometry_kind = forms.ChoiceField(
        label=_("What residents draw"),
        widget=forms.RadioSelect,
        choices=[
            (GeometryKind.POINT, _("A point")),
            (GeometryKind.LINE, _("A line (e.g. a route)")),
            (GeometryKind.POLYGON, _("An area")),
        ],
    )
    colour = forms.CharField(label=_("Colour (picker)"), widget=ColourInput)
    colour_hex = forms.CharField(
        label=_("Colour as hex code"),
        required=False,
        max_length=7,
        help_text=_("For example #0072b2; it wins over the picker when you change it."),
    )
    symbol = forms.CharField(
        label=_("Symbol on the marker"),
        max_length=1,
        required=False,
        strip=True,
        help_text=_("One letter or digit; empty: the first free letter of the name."),
    )
    sensitive = forms.BooleanField(
        label=_("Sensitive category"),
        required=False,
        help_text=_(
            "Posts of a sensitive category (for example places where people feel afraid) are "
            "shown publicly only at the centre of a grid cell, never at their exact place; "
            "maps, lists and exports for the public are generalised the same way."
        ),
    )

    def __init__(self, data=None, *, campaign, instance: Category | None = None, posts: int = 0):
        self.campaign, self.instance = campaign, instance
        initial = {"geometry_kind": GeometryKind.POINT, "colour": "#0072b2"}
        if instance is not None:
            initial = {
                name: getattr(instance, name) for name in self.base_fields if name != "colour_hex"
            }
        initial["colour_hex"] = initial["colour"]
        super().__init__(data, initial=initial)
        if posts:
            # Stored answers and geometries depend on them (campaigns/schema_changes.py).
            for name in ("key", "geometry_kind"):
                self.fields[name].disabled = True
        if posts and instance is not None and instance.sensitive:
            # The posts were submitted under the promise of generalisation: sensitive stays on.
            self.fields["sensitive"].disabled = True
            self.fields["sensitive"].help_text = stays_sensitive(posts).message

    def _others(self, **lookup):
        """Return the campaign's other categories matching the lookup."""
        others = self.campaign.categories.filter(**lookup)
        return others if self.instance is None else others.exclude(pk=self.instance.pk)

    def clean_colour(self):
        """Return the picked colour, lower-case."""
        return _hex(self.cleaned_data["colour"])

    def clean_key(self):
        """Return the key asked for, or the one made from the German name; refuse a taken one."""
        key = self.cleaned_data["key"] or suggested_key(self.data.get("label_de", ""), 60)
        if not key:
            raise ValidationError(_("Please enter a key, or a German name to make it."))
        if self._others(key=key).exists():
            raise ValidationError(
                _("Another category of this campaign has the key “%(key)s”.") % {"key": key}
            )
        return key

    def clean_symbol(self):
        """Refuse a space or a symbol another category of the campaign shows."""
        symbol = self.cleaned_data["symbol"]
        if symbol and not symbol.isalnum():
            raise ValidationError(_("Please use a letter or a digit."))
        others = self._others(symbol=symbol)
        if symbol and others.exists():
            raise ValidationError(
                _("The category “%(label)s” already shows “%(symbol)s”.")
                % {"label": others.first().label, "symbol": symbol}
            )
        return symbol

    def clean(self):
        """Take the hex code when it was changed, else the picker's colour."""
        data = super().clean()
        typed = (data.get("colour_hex") or "").strip()
        if typed and typed.lower() != str(self.initial.get("colour_hex", "")).lower():
            if not HEX.match(typed):
                self.add_error(
                    "colour_hex", _("Please enter # and six hex digits, for example #0072b2.")
                )
            else:
                data["colour"] = typed.lower()
        return data

    def fields_to_store(self) -> dict:
        """Return the model fields the form sets."""
        names = ("key", "label_de", "label_en", "geometry_kind", "colour", "symbol", "sensitive")
        return {name: self.cleaned_data[name] for name in names}


def _hex(value: str) -> str:
    if not HEX.match(value or ""):
        raise ValidationError(_("Please choose a colour."))
    return value.lower()
