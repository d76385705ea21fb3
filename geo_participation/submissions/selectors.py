"""The only read paths for submissions; visibility and generalisation are applied here."""

import math

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import Distance, Transform
from django.contrib.gis.geos import Polygon
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from geo_participation.accounts.roles import sees_exact_sensitive
from geo_participation.campaigns.models import Campaign, PublicStatus
from geo_participation.campaigns.selectors import public_statuses
from geo_participation.campaigns.translation import localized
from geo_participation.errors import Rejected
from geo_participation.gis_functions import PublicGeom

from .models import Status, Submission, Support


def _viewers(field: str, *, user, client_id: str | None) -> Q:
    # Rows of the signed-in user by field, else of the anonymous client that has no user there.
    if user.is_authenticated:
        return Q(**{field: user})
    if client_id:
        return Q(**{f"{field}__isnull": True, "client_id": client_id})
    return Q(pk__in=[])


def own_q(*, user, client_id: str | None) -> Q:
    """Return the filter for the viewer's own submissions (none for an unknown client)."""
    return _viewers("author", user=user, client_id=client_id)


def parse_bbox(raw: str | None):
    """Return a Polygon for 'minx,miny,maxx,maxy' in WGS 84, or None when absent."""
    if raw is None or raw == "":
        return None
    parts = raw.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise Rejected(_("bbox must be four numbers: minx,miny,maxx,maxy."), code="invalid_bbox")
    minx, miny, maxx, maxy = values
    if not (-180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90):
        raise Rejected(
            _("bbox must have minx < maxx and miny < maxy within -180..180 and -90..90."),
            code="invalid_bbox",
        )
    box = Polygon.from_bbox(values)
    box.srid = 4326
    return box


def parse_public_status(campaign: Campaign, raw: str | None) -> tuple[str, ...] | None:
    """Return the status keys of 'planned' or 'planned,done', or None when absent (every status)."""
    if raw is None or raw == "":
        return None
    known = [status.key for status in public_statuses(campaign)]
    keys = tuple(dict.fromkeys(key for key in raw.split(",") if key))
    for key in keys:
        if key not in known:
            raise Rejected(
                _("public_status: unknown status %(key)r; this campaign has: %(known)s.")
                % {"key": key[:40], "known": ", ".join(known)},
                code="unknown_status",
                parameter="public_status",
            )
    if not keys:
        raise Rejected(
            _("public_status names no status; leave it out for every status."),
            code="unknown_status",
            parameter="public_status",
        )
    return keys


def _status_label(campaign: Campaign | None = None):
    """Return the expression of each row's public status label (the only place that reads it)."""
    if campaign is None:
        # Posts of any campaign: the label is looked up per row, in the active language
        # (campaigns.translation.localized: values("label") has no type once translated).
        return Subquery(
            PublicStatus.objects.filter(
                campaign_id=OuterRef("campaign_id"), key=OuterRef("public_status")
            )
            .annotate(text=localized("label"))
            .values("text")[:1]
        )
    # One campaign's few labels as a CASE: no lookup per row in a large export, and the label is
    # the one of the active language (PublicStatus.label is translated).
    whens = [When(public_status=s.key, then=Value(s.label)) for s in public_statuses(campaign)]
    return Case(*whens, default=Value(None), output_field=CharField()) if whens else Value(None)


def sensitive_grid(campaign: Campaign) -> float:
    """Return the generalisation grid for sensitive places, in EPSG:3857 units."""
    # Web Mercator units are scaled to true metres at the campaign's latitude, so the grid is
    # GP_SENSITIVE_GRID_M metres on the ground, as documented. The stored value, not settings:
    # the tile cells were generalised with it (rebuild_tile_cells after changing the setting).
    return campaign.sensitive_grid_3857


def _generalised(campaign: Campaign):
    # Sensitive places (fear spaces) are published as the public-position rule says; everyone
    # else's rows keep the stored WGS 84 geometry, not a round trip through Mercator.
    return Transform(PublicGeom("geom_3857", Value(True), Value(sensitive_grid(campaign))), 4326)


def positions_shown(*, viewer, client_id: str | None) -> str:
    """Return which exact positions submission_list shows the viewer: "exact" (staff: every
    place), "user<pk>" or "client<id>" (one's own sensitive posts), else "public" (none)."""
    # The class of viewer an answer is made for: caches and validators are kept per class.
    if sees_exact_sensitive(viewer):
        return "exact"
    if viewer.is_authenticated:
        return f"user{viewer.pk}"
    if client_id:
        return f"client{client_id}"
    return "public"


def submission_list(
    *,
    campaign: Campaign,
    viewer,
    client_id: str | None,
    bbox=None,
    own_pending: bool = True,
    public_status: tuple[str, ...] | None = None,
):
    """Return approved submissions (plus the viewer's own pending ones), generalised as needed.

    Delivery layers (OGC API, exports) pass own_pending=False: they serve published data only.
    public_status (keys from parse_public_status) keeps only published posts in those statuses.
    Each row carries public_status_label, the label of its status.
    """
    own = own_q(user=viewer, client_id=client_id)
    visible = Q(status=Status.APPROVED)
    if own_pending:
        visible |= Q(status=Status.PENDING) & own
    # The campaign (for its slug) joined, not fetched per row; its area is not needed.
    qs = (
        Submission.objects.filter(campaign=campaign)
        .filter(visible)
        .select_related("category", "campaign")
        .defer("campaign__area")
        .annotate(public_status_label=_status_label(campaign))
    )
    if public_status is not None:
        # A status is public only once the post is: own pending posts have none to match.
        qs = qs.filter(status=Status.APPROVED, public_status__in=public_status)
    if positions_shown(viewer=viewer, client_id=client_id) == "exact":
        qs = qs.annotate(out_geom=F("geom"), generalised=Value(False))
    else:
        hide = Q(category__sensitive=True) & ~own
        qs = qs.annotate(
            out_geom=Case(
                When(hide, then=_generalised(campaign)),
                default=F("geom"),
                output_field=GeometryField(srid=4326),
            ),
            generalised=Case(When(hide, then=Value(True)), default=Value(False)),
        )
    if bbox is not None:
        # The indexed test on the stored geometry, widened by more than snapping can move a
        # place, keeps the GiST index in play; the exact test on what is published means a tiny
        # bbox cannot locate a generalised place.
        margin = sensitive_grid(campaign) / 111_320
        minx, miny, maxx, maxy = bbox.extent
        wide = Polygon.from_bbox((minx - margin, miny - margin, maxx + margin, maxy + margin))
        wide.srid = 4326
        qs = qs.filter(geom__intersects=wide, out_geom__intersects=bbox)
    return qs.order_by("-created_at", "-id")


def published_submission(*, submission_id: int):
    """Return the submission if it is published (approved, in a published campaign), else None."""
    # A post of a draft is answered as an unknown one: nothing may tell that the draft exists.
    return (
        Submission.objects.filter(pk=submission_id, status=Status.APPROVED, campaign__draft=False)
        .select_related("campaign")
        .first()
    )


def support_count(*, submission_id: int) -> int:
    """Return the current support count of a submission (0 for one of a draft campaign)."""
    rows = Submission.objects.filter(pk=submission_id, campaign__draft=False)
    return rows.values_list("support_count", flat=True).first() or 0


def _public_geom_3857(campaign: Campaign):
    # The public-position rule for everyone: exact staff views do not apply to this probe.
    return PublicGeom("geom_3857", F("category__sensitive"), Value(sensitive_grid(campaign)))


def submission_nearby(*, campaign: Campaign, category, geom, distance_m: float, limit: int = 5):
    """Return published submissions of a category near geom, nearest first.

    Near: the public position is within distance_m of geom, or (sensitive categories) it is
    the public position geom itself would get, i.e. they share a privacy cell. Measured to the
    exact position, many small probes could locate a generalised place; the shared cell tells
    no more than the public map. Each row carries its public geometry as out_geom (WGS 84).
    """
    scale = campaign.mercator_scale()  # EPSG:3857 units per metre here
    grid = sensitive_grid(campaign)
    probe = geom.transform(3857, clone=True)
    reach = distance_m * scale
    near = Q(public_3857__dwithin=(probe, reach))
    if category.sensitive:
        own_cell = PublicGeom(
            Value(probe, output_field=GeometryField(srid=3857)), Value(True), Value(grid)
        )
        near |= Q(public_3857__equals=own_cell)
    # The indexed test on the stored geometry keeps the GiST index in play; the exact test is on
    # what is published. It must let through every post the exact test can accept, or which
    # ones pass would depend on where the exact place lies in its cell: a public point is at
    # most half a cell diagonal (grid / sqrt 2) from the place, and a probe in the same cell at
    # most as far from that point, so reach + grid * sqrt 2 bounds both tests.
    return (
        Submission.objects.filter(campaign=campaign, category=category, status=Status.APPROVED)
        .filter(geom_3857__dwithin=(probe, (reach + grid * math.sqrt(2))))
        .annotate(public_3857=_public_geom_3857(campaign))
        .filter(near)
        .annotate(
            out_geom=Transform("public_3857", 4326),
            generalised=F("category__sensitive"),
            distance=Distance("public_3857", probe),
            public_status_label=_status_label(campaign),
        )
        .select_related("category", "campaign")
        .defer("campaign__area")
        .order_by("distance", "-support_count", "id")[:limit]
    )


def supporter_q(*, user, client_id: str | None) -> Q:
    """Return the filter for the supports this viewer gave (none for an unknown client)."""
    return _viewers("user", user=user, client_id=client_id)


def viewer_supports(*, submission_id: int, user, client_id: str | None) -> bool:
    """Return whether this viewer (user or anonymous client) supports the submission."""
    mine = supporter_q(user=user, client_id=client_id)
    return Support.objects.filter(mine, submission_id=submission_id).exists()


def own_submissions(*, user, client_id: str | None):
    """Return the viewer's own submissions in every campaign and state, newest first, exact.

    For "Meine Beiträge" and the data download: the person's own data, so the exact geometry,
    the rejection reason and the pending ones too; each row carries its public status's label.
    """
    return (
        Submission.objects.filter(own_q(user=user, client_id=client_id))
        .select_related("campaign", "category", "photo")
        .defer("campaign__area")
        .annotate(public_status_label=_status_label())
        .order_by("-created_at", "-id")
    )


def own_supports(*, user, client_id: str | None):
    """Return the "me too"s the viewer gave, newest first, with their submission's campaign."""
    return (
        Support.objects.filter(supporter_q(user=user, client_id=client_id))
        .select_related("submission__campaign")
        .only("created_at", "submission_id", "submission__campaign__slug")
        .order_by("-created_at", "-id")
    )


def intake_campaign(*, slug: str) -> Campaign:
    """Return the campaign a post is sent to, with whether it has reference sections, or 404."""
    # One query for both (services.check_free_posts asks): intake counts its round trips.
    # The sections' model is looked up, not imported: references builds on submissions.
    sections = Campaign._meta.get_field("reference_features").related_model.objects
    has_sections = Exists(sections.filter(campaign=OuterRef("pk")))
    return get_object_or_404(Campaign.objects.annotate(has_sections=has_sections), slug=slug)
