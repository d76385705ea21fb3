"""Reads for the OGC API: campaigns as collections, and published submissions as GeoJSON text.

Submissions come only from `submission_list`, which decides what is published and what is
generalised; this module adds the OGC filters, the order and the encoding.
"""

import re
from dataclasses import dataclass

from django.contrib.gis.db.models.functions import AsGeoJSON, Envelope
from django.db.models import F, TextField, Value
from django.db.models.functions import Cast

from geo_participation.campaigns.models import Campaign
from geo_participation.campaigns.selectors import campaign_by_slug
from geo_participation.errors import Rejected
from geo_participation.gis_functions import JSONBuildObject, JSONFragment
from geo_participation.submissions.selectors import (
    parse_public_status,
    positions_shown,
    submission_list,
)

from . import planner
from .crs import Crs
from .errors import InvalidParameter, NotFound
from .params import ItemsQuery, TimeFilter

# Collection ids are campaign slugs; anything else never reaches the database.
FEATURE_ID = re.compile(r"[1-9][0-9]{0,17}\Z")


@dataclass(frozen=True)
class Page:
    """One page of features, each already encoded as a GeoJSON Feature text."""

    features: list[str]
    matched: int


def campaign_list():
    """Return every map campaign, with the envelope of its area, without loading the area."""
    return Campaign.objects.maps().annotate(envelope=Envelope("area")).defer("area")


def campaign_get(collection_id: str) -> Campaign:
    """Return the campaign a collection id names, or raise NotFound."""
    # The area is loaded: generalisation needs the campaign's latitude.
    with_envelope = Campaign.objects.maps().annotate(envelope=Envelope("area"))
    campaign = campaign_by_slug(collection_id, queryset=with_envelope)
    if campaign is None:
        raise NotFound(f"No collection {collection_id!r}.")
    return campaign


def feature_page(*, campaign: Campaign, viewer, query: ItemsQuery) -> Page:
    """Return the requested page of published features, ordered by id, and the total matched."""
    statuses = _public_status(campaign, query.public_status)
    qs = _published(campaign=campaign, viewer=viewer, bbox=query.bbox, public_status=statuses)
    if query.category is not None:
        _check_category(campaign, query.category)
        qs = qs.filter(category__key=query.category)
    if query.time is not None:
        qs = _filter_time(qs, query.time)
    # Ordered by id, so paging with offset returns every feature exactly once. The page's ids
    # are chosen first, so only its own features are encoded, not the ones an offset skips.
    page_ids = qs.order_by("id").values("id")[query.offset : query.offset + query.limit]
    rows = qs.filter(id__in=page_ids).annotate(feature=_feature_text(query.crs))
    bbox = query.bbox.hexewkb.decode() if query.bbox is not None else None
    filters = (bbox, query.time, query.category, statuses)
    with planner.tuned() as cursor:
        who = viewer_class(viewer)
        matched = planner.cached_count(qs, campaign=campaign, who=who, filters=filters)
        if query.offset >= matched:
            return Page([], matched)
        planner.prefer_id_order(cursor, matched=matched, wanted=query.offset + query.limit)
        # Sorted here rather than in SQL, where a sort would be planned over the whole table.
        page = sorted(rows.order_by().values_list("id", "feature"))
    return Page([feature for _, feature in page], matched)


def feature_get(*, campaign: Campaign, viewer, feature_id: str, crs: Crs) -> str:
    """Return one published feature of the campaign as GeoJSON text, or raise NotFound."""
    feature = None
    if FEATURE_ID.match(feature_id):
        qs = _published(campaign=campaign, viewer=viewer, bbox=None).filter(pk=int(feature_id))
        feature = qs.annotate(feature=_feature_text(crs)).values_list("feature", flat=True).first()
    if feature is None:
        raise NotFound(f"No feature {feature_id!r} in collection {campaign.slug!r}.")
    return feature


def viewer_class(viewer) -> str:
    """Return the class of viewer the features are made for: one ETag and count per class."""
    return positions_shown(viewer=viewer, client_id=None)


def _published(*, campaign, viewer, bbox, public_status=None):
    # OGC clients get published data only: no pending posts, not even the viewer's own.
    return submission_list(
        campaign=campaign,
        viewer=viewer,
        client_id=None,
        bbox=bbox,
        own_pending=False,
        public_status=public_status,
    )


def _public_status(campaign: Campaign, raw: str | None) -> tuple[str, ...] | None:
    # The one parser of the status filter, its refusal in the OGC exception shape.
    try:
        return parse_public_status(campaign, raw)
    except Rejected as refusal:
        raise InvalidParameter(str(refusal.detail)) from None


def category_list(campaign: Campaign):
    """Return the campaign's categories in their order."""
    return list(campaign.categories.order_by("position", "key"))


def _check_category(campaign: Campaign, key: str) -> None:
    keys = [category.key for category in category_list(campaign)]
    if key not in keys:
        raise InvalidParameter(
            f"Unknown category {key!r}; collection {campaign.slug!r} has: {', '.join(keys)}."
        )


def _filter_time(qs, time: TimeFilter):
    if time.lower is not None:
        qs = qs.filter(created_at__gte=time.lower)
    if time.upper is not None:
        if time.upper_exclusive:
            qs = qs.filter(created_at__lt=time.upper)
        else:
            qs = qs.filter(created_at__lte=time.upper)
    return qs


def _feature_text(crs: Crs):
    # PostgreSQL encodes each Feature (geometry by ST_AsGeoJSON), so Python only joins texts:
    # no GEOS object and no json.dumps per feature.
    geometry = AsGeoJSON(crs.output_geometry("out_geom"), precision=crs.precision)
    feature = JSONBuildObject(
        type=Value("Feature"),
        id=F("id"),
        geometry=JSONFragment(geometry),
        properties=JSONBuildObject(
            category=F("category__key"),
            comment=F("comment"),
            near=F("near"),
            answers=F("answers"),
            support_count=F("support_count"),
            created=F("created_at"),
            generalised=F("generalised"),
            # Every row here is published, so its status and the city's answer are public.
            public_status=F("public_status"),
            public_status_label=F("public_status_label"),
            answer=F("answer"),
            responded_at=F("responded_at"),
        ),
    )
    return Cast(feature, TextField())
