"""The only write paths for submissions, moderation and support."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_participation.campaigns.models import Campaign, Moderation, Participation
from geo_participation.campaigns.questions import clean_answers
from geo_participation.errors import Rejected

from .models import MAX_REASON_LENGTH, Status, Submission, Support
from .validators import check_comment, check_inside_area, feature_parts, parse_geometry


def check_may_participate(*, campaign: Campaign, user) -> None:
    """Refuse input to a closed campaign, or anonymous input where registration is required."""
    now = timezone.now()
    if not campaign.is_open(now):
        if now < campaign.opens_at:
            message = _("Campaign %(slug)r is not open yet.")
        else:
            message = _("Campaign %(slug)r is closed.")
        raise Rejected(
            message % {"slug": campaign.slug},
            code="campaign_not_open",
            status_code=403,
            opens_at=campaign.opens_at.isoformat(),
            closes_at=campaign.closes_at.isoformat() if campaign.closes_at else None,
        )
    if campaign.participation == Participation.REGISTERED and not user.is_authenticated:
        raise Rejected(
            _("Campaign %(slug)r accepts input from registered users only; log in first.")
            % {"slug": campaign.slug},
            code="login_required",
            status_code=403,
        )


def submission_create(*, campaign: Campaign, feature: dict, user, client_id: str) -> Submission:
    """Validate a GeoJSON Feature against the campaign and store it as a submission."""
    check_may_participate(campaign=campaign, user=user)
    geometry, properties = feature_parts(feature)
    unknown = sorted(set(properties) - {"category", "comment", "answers"})
    if unknown:
        raise Rejected(
            _("Unknown properties: %(names)s.") % {"names": ", ".join(unknown)},
            code="unknown_properties",
        )
    category_key = properties.get("category")
    category = None
    if isinstance(category_key, str) and category_key:
        category = campaign.categories.filter(key=category_key).first()
    if category is None:
        keys = ", ".join(campaign.categories.values_list("key", flat=True))
        raise Rejected(
            _("Unknown category %(key)r; this campaign has: %(keys)s.")
            % {"key": category_key, "keys": keys},
            code="unknown_category",
        )
    geom = parse_geometry(geometry, expected_type=category.geojson_type)
    check_inside_area(geom, campaign)
    comment = check_comment(properties.get("comment"))
    try:
        answers = clean_answers(category.questions, properties.get("answers"))
    except ValidationError as exc:
        raise Rejected(" ".join(exc.messages), code="invalid_answers") from exc
    published = campaign.moderation == Moderation.POST
    return Submission.objects.create(
        campaign=campaign,
        category=category,
        geom=geom,
        comment=comment,
        answers=answers,
        author=user if user.is_authenticated else None,
        client_id="" if user.is_authenticated else client_id,
        status=Status.APPROVED if published else Status.PENDING,
    )


# Whole sentences per state: translations need them (a decided submission is never pending).
_ALREADY = {
    Status.APPROVED: gettext_lazy("Submission %(id)d is already approved."),
    Status.REJECTED: gettext_lazy("Submission %(id)d is already rejected."),
}


# "The caller did not say which photo it saw" (the admin's bulk action), unlike None: "none".
UNSTATED = object()


def parse_seen_photo(raw):
    """Return the photo state a moderator saw: a photo id, None for "none", or UNSTATED."""
    if raw is None or raw == "":
        return UNSTATED
    if isinstance(raw, str) and raw.strip().lower() == "none":
        return None
    if isinstance(raw, bool):
        raw = ""
    text = str(raw).strip()
    if not text.isdigit():
        raise Rejected(
            _("'photo' must be the id of the photo you saw, or \"none\"."), code="invalid_photo"
        )
    return int(text)


def _check_seen_photo(submission: Submission, seen, *, require: bool) -> None:
    """Refuse (409) to approve a photo the moderator did not see; run under the row lock."""
    from geo_participation.photos.models import Photo

    current = Photo.objects.filter(submission_id=submission.pk).values_list("pk", flat=True)
    current = current.first()
    if seen is UNSTATED:
        if require and current is not None:
            raise Rejected(
                _("This submission has a photo; confirm it by sending photo=%(photo)d.")
                % {"photo": current},
                code="photo_unconfirmed",
                status_code=409,
                photo=current,
            )
        return
    if seen != current:
        raise Rejected(
            _(
                "The photo of submission #%(id)d changed after you loaded it; look at it again "
                "before approving. Nothing was approved."
            )
            % {"id": submission.pk},
            code="photo_changed",
            status_code=409,
            photo=current,
        )


def _moderate(
    *, submission_id: int, moderator, status: str, reason: str, allowed, check=None
) -> Submission:
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None:
            raise Rejected(_("No such submission."), code="not_found", status_code=404)
        unreviewed = submission.moderated_at is None
        if submission.status not in allowed or (submission.status == status and not unreviewed):
            raise Rejected(
                _ALREADY[submission.status] % {"id": submission_id},
                code="already_moderated",
                status_code=409,
                status=submission.status,
            )
        if check is not None:
            # Under the row lock: photo_attach locks the same row before it adds a photo.
            check(submission)
        submission.status = status
        submission.moderated_by = moderator
        submission.moderated_at = timezone.now()
        submission.moderation_reason = reason
        submission.save(
            update_fields=["status", "moderated_by", "moderated_at", "moderation_reason"]
        )
    return submission


def submission_approve(
    *, submission_id: int, moderator, seen_photo=UNSTATED, require_photo: bool = False
) -> Submission:
    """Publish a pending submission (or confirm a post-moderated one).

    seen_photo is the photo the moderator was shown (its id, or None for none): when it is
    stated and the submission's photo is another one, nothing is approved (409). With
    require_photo, a submission that has a photo is approved only when it is stated.
    """
    return _moderate(
        submission_id=submission_id,
        moderator=moderator,
        status=Status.APPROVED,
        reason="",
        allowed=(Status.PENDING, Status.APPROVED),
        check=lambda s: _check_seen_photo(s, seen_photo, require=require_photo),
    )


def submission_reject(*, submission_id: int, moderator, reason: str) -> Submission:
    """Reject a pending or published submission; the reason is required."""
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise Rejected(_("A reason is required to reject a submission."), code="reason_required")
    if len(reason) > MAX_REASON_LENGTH or "\x00" in reason:
        raise Rejected(
            _("The reason must be plain text of at most %(limit)d characters.")
            % {"limit": MAX_REASON_LENGTH},
            code="invalid_reason",
        )
    return _moderate(
        submission_id=submission_id,
        moderator=moderator,
        status=Status.REJECTED,
        reason=reason,
        allowed=(Status.PENDING, Status.APPROVED),
    )


def _supporter(*, user, client_id: str | None) -> dict:
    if user.is_authenticated:
        return {"user": user}
    if not client_id:
        # Without the client cookie every request would count as a new supporter.
        raise Rejected(
            _("Anonymous support needs the client cookie this response sets; send it again."),
            code="client_cookie_required",
        )
    return {"user": None, "client_id": client_id}


def support_add(*, submission: Submission, user, client_id: str | None) -> bool:
    """Record one "me too" for the supporter; return False if they had already supported it."""
    check_may_participate(campaign=submission.campaign, user=user)
    supporter = _supporter(user=user, client_id=client_id)
    try:
        with transaction.atomic():
            Support.objects.create(submission=submission, **supporter)
            Submission.objects.filter(pk=submission.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    return True


def support_remove(*, submission: Submission, user, client_id: str | None) -> bool:
    """Withdraw the supporter's "me too"; return False if there was none."""
    supporter = _supporter(user=user, client_id=client_id)
    with transaction.atomic():
        deleted, _ = Support.objects.filter(submission=submission, **supporter).delete()
        if deleted:
            Submission.objects.filter(pk=submission.pk).update(support_count=F("support_count") - 1)
    return bool(deleted)
