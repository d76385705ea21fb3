"""The read path from a campaign's (or category's) name in a URL or a parameter to it."""

import re

from django.db import DEFAULT_DB_ALIAS

from geo_participation.replicas import version_is_behind

from .models import Campaign, Category, PublicStatus

# What a campaign slug may be (Campaign.slug is a SlugField of at most 80 characters). Anything
# else (a NUL would make PostgreSQL fail) names no campaign and is refused without a query.
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
# The same for a category's key (Category.key is a SlugField of at most 60 characters).
KEY = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def is_slug(text: str) -> bool:
    """Return whether the text could be a campaign slug."""
    return bool(SLUG.fullmatch(text))


def campaign_by_slug(slug: str, *fields: str, queryset=None) -> Campaign | None:
    """Return the campaign with this slug (only these fields, when named), or None."""
    if not is_slug(slug):
        return None
    campaigns = Campaign.objects if queryset is None else queryset
    if fields:
        campaigns = campaigns.only(*fields)
    campaign = campaigns.filter(slug=slug).first()
    # A replica a moment behind must not answer an older published version than one already
    # served (ETags and tile keys hold it): then the primary answers.
    if (
        campaign is not None
        and "published_version" not in campaign.get_deferred_fields()
        and version_is_behind(campaign.pk, campaign.published_version)
    ):
        campaign = campaigns.using(DEFAULT_DB_ALIAS).filter(slug=slug).first()
    return campaign


def category_by_key(campaign: Campaign, key) -> Category | None:
    """Return the campaign's category with this key, or None (without a query for non-keys)."""
    if not isinstance(key, str) or not KEY.fullmatch(key):
        return None
    return campaign.categories.filter(key=key).first()


def public_statuses(campaign: Campaign) -> list[PublicStatus]:
    """Return the campaign's public statuses in their order (the first is where posts start)."""
    return list(PublicStatus.objects.filter(campaign=campaign).order_by("position", "key"))
