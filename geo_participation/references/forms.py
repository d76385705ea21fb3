"""The reference layer upload form: names, file, columns and how lines are split."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from geo_participation.campaigns.setup.forms import DescribedErrors

from .upload import SPLIT_MAX_M, SPLIT_MIN_M, Split


class LayerForm(DescribedErrors, forms.Form):
    """An uploaded reference layer: what it is called and how its features become sections."""

    name_de = forms.CharField(label=_("Name of the layer (German)"), max_length=200)
    name_en = forms.CharField(
        label=_("Name of the layer (English)"), max_length=200, required=False
    )
    file = forms.FileField(
        label=_("GIS file"),
        help_text=_(
            "GeoJSON, GeoPackage or a zipped Shapefile with points, lines or areas, in any "
            "coordinate reference system; every feature must lie inside the campaign's area."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,.gpkg,.zip"}),
    )
    layer = forms.CharField(
        label=_("Layer in the file"),
        required=False,
        help_text=_("Only for a file with several layers: the name of the one to use."),
    )
    name_column = forms.CharField(
        label=_("Column with the names"),
        required=False,
        help_text=_("Empty: a column called “name”, or else the features are numbered."),
    )
    description_column = forms.CharField(
        label=_("Column with the descriptions"), required=False, help_text=_("Empty: none.")
    )
    split = forms.ChoiceField(
        label=_("Split lines into sections"),
        choices=Split.choices,
        initial=Split.NONE,
        widget=forms.RadioSelect,
    )
    split_m = forms.IntegerField(
        label=_("Section length in metres"),
        required=False,
        min_value=SPLIT_MIN_M,
        max_value=SPLIT_MAX_M,
        help_text=_("For “every … metres”: %(min)s to %(max)s.")
        % {"min": SPLIT_MIN_M, "max": SPLIT_MAX_M},
    )

    def clean(self):
        """Ask for the length when lines are to be split by length."""
        data = super().clean()
        if (
            data.get("split") == Split.LENGTH
            and not data.get("split_m")
            and "split_m" not in self.errors
        ):
            self.add_error(
                "split_m",
                ValidationError(
                    _("Please give the length of the sections (%(min)s to %(max)s m).")
                    % {"min": SPLIT_MIN_M, "max": SPLIT_MAX_M}
                ),
            )
        return data

    def refuse(self, refusal: ValidationError) -> None:
        """Show a refusal of the upload beside the field its code names (else the file)."""
        code = getattr(refusal, "code", None)
        self.add_error(code if code in self.fields else "file", refusal)
