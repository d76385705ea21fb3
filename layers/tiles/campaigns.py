"""The campaign a tile request names, kept in each worker's memory for a few seconds.

A map view asks for dozens of tiles of one campaign at once; reading the campaign row for each
would be a second round trip per tile. So each worker keeps what tiles need of it (id,
published version, generalisation grid) for GP_TILE_METADATA_TTL seconds. That bounds how
long a campaign that became a draft or was deleted is still served from the tile cache, and
how long a cached tile of the previous published version may still be answered. An uncached
tile is never stale: its statement reads the campaign's version (and whether it is still
public) in the same snapshot as the bytes (layers.tiles.sql VERSION), and what it reads
updates the kept entry.
"""

import copy
import time

from django.conf import settings

from geo_participation.campaigns.models import Campaign
from geo_participation.replicas import version_is_behind
from layers import http

# A slug flood must not grow a worker's memory: past this many entries all go (a clear is safe
# under threads; a map view refills its one entry with one query).
ENTRIES = 1024
_known: dict[tuple, tuple[float, Campaign | None]] = {}


def tile_campaign(slug: str, fields: tuple[str, ...]) -> Campaign | None:
    """Return the public campaign with this slug (these fields, all when none), or None."""
    ttl = settings.GP_TILE_METADATA_TTL
    now = time.monotonic()
    kept = _known.get((slug, fields))
    if kept is not None and now - kept[0] < ttl:
        return kept[1]
    campaign = http.campaign_by_slug(slug, *fields)
    if campaign is not None and version_is_behind(campaign.pk, campaign.published_version):
        # A replica behind a version already served: read again on the primary (seam 2).
        campaign = http.campaign_by_slug(slug, *fields, queryset=Campaign.objects.using("default"))
    _keep((slug, fields), now, campaign)
    return campaign


def seen_version(slug: str, fields: tuple, campaign: Campaign, version: int | None):
    """Return the campaign at the version a tile statement read (None: no longer public), and
    keep that for the next requests."""
    if version is None:
        _known.pop((slug, fields), None)
        return None
    if version == campaign.published_version:
        return campaign
    # A copy: the kept instance may be in use by another thread's request.
    seen = copy.copy(campaign)
    seen.published_version = version
    kept = _known.get((slug, fields))
    if kept is not None and kept[1] is campaign:
        _keep((slug, fields), kept[0], seen)
    return seen


def forget_all() -> None:
    """Drop every kept campaign (tests: each starts with none)."""
    _known.clear()


def _keep(key: tuple, when: float, campaign: Campaign | None) -> None:
    if settings.GP_TILE_METADATA_TTL <= 0:
        return
    if len(_known) >= ENTRIES:
        _known.clear()
    _known[key] = (when, campaign)
