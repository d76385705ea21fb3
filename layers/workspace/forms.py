"""The workspace page's filter and parameter form: fields named as the API names them.

Only the rendering lives here (labels, choices, help texts, the refusals next to their fields).
The values are checked by layers.workspace.query, which asks heatmaps for each of them.
"""

from django import forms
from django.utils.translation import gettext as _

from geo_participation.campaigns.selectors import public_statuses
from geo_participation.web.fields import question_fields
from heatmaps import api

from .query import CONFIDENCES, DEFAULT_CONFIDENCE, LIST_FILTERS, WorkspaceQuery

# Question types a filter can choose an answer of (free text is no filter: heatmaps.filters).
FILTERABLE = ("single_choice", "multiple_choice", "rating", "time_of_day")


class WorkspaceForm(forms.Form):
    """The GET form of /auswertung/{slug}/: filters first, then the analysis parameters."""

    def __init__(self, data, *, campaign, checked: WorkspaceQuery):
        super().__init__(data, auto_id="ws-%s", label_suffix="")
        self.checked = checked
        categories = list(campaign.categories.order_by("position", "key"))
        self.fields["category"] = _ticks(
            _("Categories"),
            [(c.key, c.label) for c in categories],
            _("None ticked: every category."),
        )
        self.fields["since"] = _date(_("From (inclusive)"))
        self.fields["until"] = _date(
            _("Until (exclusive)"), _("The period includes its first day, not its last.")
        )
        for key, label, choices in _questions(categories):
            self.fields[f"answers.{key}"] = forms.ChoiceField(
                label=_("Answer to “%(question)s”") % {"question": label},
                required=False,
                choices=[("", _("any answer")), *choices],
            )
        statuses = public_statuses(campaign)
        if statuses:
            self.fields["public_status"] = _ticks(
                _("Public status"),
                [(s.key, s.label) for s in statuses],
                _("None ticked: every status."),
            )
        self.fields["min_support"] = forms.IntegerField(
            label=_("At least this many supports (“me too”)"),
            required=False,
            min_value=0,
        )
        self._parameters()
        self._show(checked)

    def _parameters(self):
        defaults = api.PARAMETER_DEFAULTS
        self.parameter_fields = ["cell_m", "bandwidth", "confidence", "eps_m", "min_points"]
        self.fields["cell_m"] = _number(
            _("Cell size in metres"),
            _(
                "Grid cells and hotspots count posts in hexagons of this size (side length). "
                "Default %(default)d m: about a block of houses."
            )
            % {"default": defaults["cell_m"]},
        )
        self.fields["bandwidth"] = _number(
            _("Bandwidth of the density in metres"),
            _(
                "Each post spreads over about this distance in the density map and its "
                "contours. Default %(default)d m: a few minutes' walk."
            )
            % {"default": defaults["bandwidth"]},
        )
        self.fields["confidence"] = forms.ChoiceField(
            label=_("Confidence of hot and cold spots"),
            required=False,
            choices=[(str(level), f"{level} %") for level in CONFIDENCES],
            initial=str(DEFAULT_CONFIDENCE),
            help_text=_(
                "Cells are shown as hot or cold spots only when chance alone would explain "
                "them less often than this. Default 90 %: the weakest evidence still shown."
            ),
        )
        self.fields["eps_m"] = _number(
            _("Cluster distance in metres"),
            _(
                "Posts closer than this to each other belong to the same cluster. "
                "Default %(default)d m."
            )
            % {"default": defaults["eps_m"]},
        )
        self.fields["min_points"] = _number(
            _("Minimum cluster size (posts)"),
            _("A cluster needs at least this many posts. Default %(default)d.")
            % {"default": defaults["min_points"]},
        )

    def _show(self, checked: WorkspaceQuery):
        # The form shows the values as the page was asked for them, and the refusals of the
        # checks (layers.workspace.query), not Django's own validation messages.
        self.cleaned_data = {}
        self._errors = forms.utils.ErrorDict()
        for name, message in checked.errors.items():
            self.add_error(name if name in self.fields else None, message)

    def filter_fields(self):
        """Return the bound fields of the filters, in form order."""
        return [self[name] for name in self.fields if name not in self.parameter_fields]

    def analysis_fields(self):
        """Return the bound fields of the analysis parameters."""
        return [self[name] for name in self.parameter_fields]


def _ticks(label, choices, help_text) -> forms.MultipleChoiceField:
    # Boxes, none ticked meaning all; several ticked become one "a,b" value (query.py).
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def _date(label, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=help_text,
    )


def _number(label, help_text) -> forms.CharField:
    # Text with a numeric keyboard: a number field would throw away what cannot be read, and
    # the refusal next to the field would then show an empty box.
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
    )


def _questions(categories):
    """Yield (key, label, choices) of each filterable question, once per key."""
    seen = set()
    for category in categories:
        for question in question_fields(category):
            if question.type in FILTERABLE and question.key not in seen:
                seen.add(question.key)
                yield question.key, question.label, question.choices


def filter_form(campaign, get, checked: WorkspaceQuery) -> WorkspaceForm:
    """Return the page's form bound to its request, showing the refusals of the checks."""
    if not get:
        return WorkspaceForm(None, campaign=campaign, checked=checked)
    data = get.copy()
    # A shared URL may name several categories or statuses as the API does (a,b): tick each.
    for name in LIST_FILTERS:
        data.setlist(name, checked.value(name) or get.getlist(name))
    return WorkspaceForm(data, campaign=campaign, checked=checked)
