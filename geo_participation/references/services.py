"""The only write paths of references: ratings (put, withdraw) and layers (create, delete).

A rating is a Submission with `reference` set, so it passes the same intake rules (open
campaign, registered-only campaigns, inside the area, the category's questions) and the same
moderation as any post.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from geo_participation.campaigns.models import Campaign, GeometryKind
from geo_participation.campaigns.setup.services import locked
from geo_participation.errors import Rejected
from geo_participation.submissions.models import Status, Submission
from geo_participation.submissions.services import (
    category_of,
    check_may_participate,
    check_properties,
    initial_status,
    intake_author,
    intake_content,
)
from geo_participation.submissions.validators import feature_parts, parse_geometry

from .models import ReferenceFeature, ReferenceLayer
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
                _check_not_rejected(rating)
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
    geometry, properties = feature_parts(feature, geometry_required=False)
    check_properties(properties, allowed=PROPERTIES)
    category = _category(campaign, properties.get("category"))
    if geometry is None:
        geom = middle_of(reference)
    else:
        geom = parse_geometry(geometry, expected_type="Point")
        snap = settings.GP_REFERENCE_SNAP_M
        if not is_near(reference, geom, snap):
            raise Rejected(
                _("The point is more than %(metres)s m from “%(name)s”.")
                % {"metres": f"{snap:g}", "name": str(reference)},
                code="too_far_from_section",
                limit=snap,
            )
    content = intake_content(campaign=campaign, category=category, geom=geom, properties=properties)
    return {"category": category, **content}


def _category(campaign: Campaign, key):
    """Return the rating's point category; the campaign's only one when none is named."""
    if key is None:
        points = list(campaign.categories.filter(geometry_kind=GeometryKind.POINT)[:2])
        if len(points) == 1:
            return points[0]
    return category_of(campaign, key, kind=GeometryKind.POINT)


def _check_not_rejected(rating: Submission) -> None:
    """Refuse to change a rating a moderator rejected: a rejection is final (withdraw works)."""
    if rating.status != Status.REJECTED:
        return
    message = _("A moderator rejected your rating of this section; it cannot be changed.")
    if rating.moderation_reason:
        # The author reads the reason in "Meine Beiträge" too (web/my_posts.html).
        message += " " + _("Reason: %(reason)s") % {"reason": rating.moderation_reason}
    raise Rejected(
        message + " " + _("You may withdraw it."),
        code="rating_rejected",
        status_code=409,
        reason=rating.moderation_reason,
    )


def _replace(rating: Submission, *, fields: dict, language: str) -> Submission:
    """Write the new content over the old rating; it is reviewed again like a new post."""
    for name, value in fields.items():
        setattr(rating, name, value)
    rating.language = language or rating.language
    # New content is unreviewed: pending again under pre-moderation, published but waiting for
    # a moderator under post-moderation (WAITING). A rejected rating never gets here.
    rating.moderated_by = None
    rating.moderated_at = None
    rating.save()
    return rating


def _constraint(exc: IntegrityError) -> str | None:
    return getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)


@transaction.atomic
def layer_create(
    *, campaign: Campaign, name_de: str, name_en: str, kind: str, sections: list
) -> ReferenceLayer:
    """Store an uploaded layer with its sections (references.upload checked and split them)."""
    campaign = locked(campaign)  # one setup write at a time per campaign
    position = campaign.reference_layers.count()
    layer = ReferenceLayer.objects.create(
        campaign=campaign, name_de=name_de, name_en=name_en, kind=kind, position=position
    )
    ReferenceFeature.objects.bulk_create(
        ReferenceFeature(
            layer=layer,
            campaign=campaign,
            name_de=section.name,
            description_de=section.description,
            section=section.section,
            geom=section.geom,
            position=index,
        )
        for index, section in enumerate(sections)
    )
    return layer


@transaction.atomic
def layer_delete(*, layer: ReferenceLayer) -> None:
    """Delete a layer and its sections, refusing while any section has ratings."""
    locked(layer.campaign)
    ratings = Submission.objects.filter(reference__layer=layer).count()
    if ratings:
        raise ValidationError(
            ngettext(
                "The layer has one rating; it stays so that the rating keeps its section.",
                "The layer has %(count)d ratings; it stays so that they keep their sections.",
                ratings,
            )
            % {"count": ratings}
        )
    try:
        layer.delete()
    except RestrictedError as refusal:  # a rating arrived meanwhile
        raise ValidationError(_("The layer has ratings; it stays.")) from refusal
