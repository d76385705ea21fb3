"""The moderation page's filters: campaign, category, waiting time and text search."""

from datetime import timedelta

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from geo_participation.campaigns.models import Campaign, Category
from geo_participation.campaigns.selectors import is_slug
from geo_participation.submissions.models import Submission

from . import selectors

# Days a submission has waited at least; the page offers exactly these.
WAITING_DAYS = (1, 7, 30)
MAX_SEARCH_LENGTH = 200


def waiting_choices() -> list[tuple[int, str]]:
    """Return the waiting times to choose from, in the language of the request."""
    # A callable, so the labels are made per form: formatted when the class was defined, they
    # stayed in the language active then.
    return [
        (days, ngettext("more than one day", "more than %(days)d days", days) % {"days": days})
        for days in WAITING_DAYS
    ]


class QueueFilter(django_filters.FilterSet):
    """Narrow the waiting submissions; invalid values become form errors, never a 500."""

    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.order_by("title"),
        to_field_name="slug",
        label=_("Campaign"),
        empty_label=_("All campaigns"),
        error_messages={"invalid_choice": _("There is no such campaign.")},
    )
    # Category keys are unique per campaign only: the choices are those of the chosen campaign.
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.none(),
        to_field_name="key",
        label=_("Category"),
        empty_label=_("All categories"),
        error_messages={"invalid_choice": _("Choose a category of the chosen campaign.")},
    )
    waiting = django_filters.ChoiceFilter(
        choices=waiting_choices,
        method="filter_waiting",
        label=_("Waiting for"),
        empty_label=_("any time"),
        error_messages={"invalid_choice": _("Choose one of the listed waiting times.")},
    )
    q = django_filters.CharFilter(
        method="filter_text",
        label=_("Search comment, answers and place"),
        max_length=MAX_SEARCH_LENGTH,
        error_messages={
            "max_length": _("Search for at most %(limit_value)d characters."),
            "null_characters_not_allowed": _("The search text cannot contain NUL characters."),
        },
    )

    class Meta:
        model = Submission
        fields = ["campaign", "category", "waiting", "q"]

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset=queryset or selectors.moderation_queue(), **kwargs)
        slug = (data or {}).get("campaign") or ""
        self.form.label_suffix = ""
        # The category choices follow the chosen campaign; without one (or with what cannot be
        # a slug: a NUL would make PostgreSQL fail) there are none.
        category = self.form.fields["category"]
        chosen = Category.objects.filter(campaign__slug=slug) if is_slug(slug) else None
        category.queryset = (Category.objects.none() if chosen is None else chosen).order_by(
            "label"
        )
        category.label_from_instance = lambda c: c.label

    def filter_waiting(self, queryset, name, days):
        """Keep the submissions received more than `days` days ago."""
        return queryset.filter(created_at__lte=timezone.now() - timedelta(days=int(days)))

    def filter_text(self, queryset, name, text):
        """Keep the submissions whose comment, answers or place contain every word."""
        return selectors.search(queryset, text)
