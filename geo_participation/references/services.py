"""The only write paths for ratings of reference sections: put (create or replace) and withdraw.

A rating is a Submission with `reference` set, so it passes the same intake rules (open
campaign, registered-only campaigns, inside the area, the category's questions) and the same
moderation as any post.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from geo_participation.campaigns.models import Campaign, GeometryKind
from geo_participation.errors import Rejected
from geo_participation.submissions.models import Submission
from geo_participation.submissions.services import (
    category_of,
    check_may_participate,
    check_properties,
    initial_status,
    intake_author,
    intake_content,
)
from geo_participation.submissions.validators import parse_geometry

from .models import ReferenceFeature
from .selectors import is_near, middle_of, rater

PROPERTIES = {"category", "comment", "answers"}
# The unique constraints (submissions.Submission.Meta) that make a second rating a replacement.
ONCE = {"rating_once_per_author", "rating_once_per_client"}


def rating_put(
    *, reference: ReferenceFeature, feature: dict, user, client_id: str | None
) -> tuple[Submission, bool]:
    """Store the person's rating of the section, replacing an earlier one; True when new.

    The Feature's geometry is optional: a Point near the section, else its middle is taken.
    """
    campaign = reference.campaign
    check_may_participate(campaign=campaign, user=user)
    who = _who(user=user, client_id=client_id)
    fields = _rating_fields(reference=reference, feature=feature, campaign=campaign)
    fields["status"] = initial_status(campaign)
    author = intake_author(user=user, client_id=client_id or "")
    # Two requests of one person at once: the second to insert waits on the unique index, fails
    # with its constraint, and then replaces the row the first one wrote.
    for attempt in (1, 2):
        with transaction.atomic():
            rating = Submission.objects.select_for_update().filter(reference=reference, **who)
            rating = rating.first()
            if rating is not None:
                return _replace(rating, fields=fields, language=author["language"]), False
            try:
                with transaction.atomic():
                    created = Submission.objects.create(
                        campaign=campaign, reference=reference, **fields, **author
                    )
                return created, True
            except IntegrityError as exc:
                if attempt == 2 or _constraint(exc) not in ONCE:
                    raise
    raise AssertionError("unreachable")  # pragma: no cover


def rating_withdraw(*, reference: ReferenceFeature, user, client_id: str | None) -> bool:
    """Delete the person's rating of the section while the campaign is open; False if none."""
    check_may_participate(campaign=reference.campaign, user=user)
    who = rater(user=user, client_id=client_id)
    if who is None:
        return False
    rating = Submission.objects.filter(reference=reference, **who).first()
    if rating is None:
        return False
    # Through the ORM, not a queryset DELETE: a photo's files go with its row (signals).
    rating.delete()
    return True


def _who(*, user, client_id: str | None) -> dict:
    who = rater(user=user, client_id=client_id)
    if who is None:
        # Without the client cookie every request would be a new person's rating.
        raise Rejected(
            _("Anonymous ratings need the client cookie this response sets; send it again."),
            code="client_cookie_required",
        )
    return who


def _rating_fields(*, reference: ReferenceFeature, feature: dict, campaign: Campaign) -> dict:
    """Return the checked category, place, comment and answers of a rating Feature."""
    geometry, properties = _parts(feature)
    check_properties(properties, allowed=PROPERTIES)
    category = _category(campaign, properties.get("category"))
    if geometry is None:
        geom = middle_of(reference)
    else:
        geom = parse_geometry(geometry, expected_type="Point")
        snap = settings.GP_REFERENCE_SNAP_M
        if not is_near(reference, geom, snap):
            raise Rejected(
                _("The point is more than %(metres)s m from the section %(name)r.")
                % {"metres": f"{snap:g}", "name": str(reference)},
                code="too_far_from_section",
                limit=snap,
            )
    content = intake_content(campaign=campaign, category=category, geom=geom, properties=properties)
    return {"category": category, **content}


def _parts(feature) -> tuple[dict | None, dict]:
    """Return (geometry or None, properties) of a rating body: a Feature, geometry optional."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise Rejected(_("Body must be a GeoJSON Feature object."), code="not_a_feature")
    if "crs" in feature:
        raise Rejected(
            _("A 'crs' member is not accepted: send RFC 7946 GeoJSON (longitude, latitude)."),
            code="crs_not_supported",
        )
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise Rejected(_("Feature properties must be an object."), code="invalid_properties")
    return feature.get("geometry"), properties


def _category(campaign: Campaign, key):
    """Return the rating's point category; the campaign's only one when none is named."""
    if key is None:
        points = list(campaign.categories.filter(geometry_kind=GeometryKind.POINT)[:2])
        if len(points) == 1:
            return points[0]
    return category_of(campaign, key, kind=GeometryKind.POINT)


def _replace(rating: Submission, *, fields: dict, language: str) -> Submission:
    """Write the new content over the old rating; it is reviewed again like a new post."""
    for name, value in fields.items():
        setattr(rating, name, value)
    rating.language = language or rating.language
    # New content is unreviewed: pending again under pre-moderation, published but waiting for
    # a moderator under post-moderation (WAITING); an old rejection no longer applies.
    rating.moderated_by = None
    rating.moderated_at = None
    rating.moderation_reason = ""
    rating.save()
    return rating


def _constraint(exc: IntegrityError) -> str | None:
    return getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
