"""The only write paths of moderation: approve, reject, and set a post's public status and answer.

Each records a SubmissionChange (the post's history) and sends signals.change_recorded in the
same transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_participation.campaigns.models import PublicStatus
from geo_participation.errors import Rejected
from geo_participation.submissions.models import (
    MAX_ANSWER_LENGTH,
    MAX_REASON_LENGTH,
    ChangeKind,
    Status,
    Submission,
    SubmissionChange,
)
from geo_participation.submissions.photos.models import Photo

from .signals import change_recorded

# Whole sentences per state: translations need them (a decided submission is never pending).
_ALREADY = {
    Status.APPROVED: gettext_lazy("Submission %(id)d is already approved."),
    Status.REJECTED: gettext_lazy("Submission %(id)d is already rejected."),
}


# "The caller did not say which photo it saw" (the admin's bulk action), unlike None: "none".
UNSTATED = object()


# A photo id is a bigint primary key: at most this, written in at most 19 ASCII digits.
MAX_PHOTO_ID = 2**63 - 1


def parse_seen_photo(raw):
    """Return the photo state a moderator saw: a photo id, None for "none", or UNSTATED."""
    if raw is None or raw == "":
        return UNSTATED
    if isinstance(raw, str) and raw.strip().lower() == "none":
        return None
    seen = _photo_id(raw)
    if seen is None:
        raise Rejected(
            _("'photo' must be the id of the photo you saw, or \"none\"."), code="invalid_photo"
        )
    return seen


def _photo_id(raw) -> int | None:
    """Return raw as a photo id, or None; only ASCII digits count ("²".isdigit() is True)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw if 0 < raw <= MAX_PHOTO_ID else None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    # The length first: int() of thousands of digits is slow, and past 4,300 refused by Python.
    if not 0 < len(text) <= len(str(MAX_PHOTO_ID)) or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_PHOTO_ID else None


def _check_seen_photo(submission: Submission, seen, *, require: bool) -> None:
    """Refuse (409) to approve a photo the moderator did not see; run under the row lock."""
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
    *,
    submission_id: int,
    moderator,
    status: str,
    reason: str,
    allowed,
    check=None,
    waiting_only: bool = False,
) -> Submission:
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None:
            raise Rejected(_("No such submission."), code="not_found", status_code=404)
        unreviewed = submission.moderated_at is None
        decided = submission.status != Status.PENDING and not unreviewed
        if (
            submission.status not in allowed
            or (submission.status == status and not unreviewed)
            or (waiting_only and decided)
        ):
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
        _record(submission, actor=moderator, kind=status, text=reason)
    return submission


def _record(submission: Submission, *, actor, kind: str, text: str = "") -> SubmissionChange:
    """Keep the change in the post's history and tell the receivers, in the caller's transaction."""
    change = SubmissionChange.objects.create(
        submission=submission,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        public_status=submission.public_status if kind == ChangeKind.RESPONDED else "",
        text=text,
    )
    change_recorded.send(sender=SubmissionChange, change=change)
    return change


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


def submission_reject(
    *, submission_id: int, moderator, reason: str, waiting_only: bool = False
) -> Submission:
    """Reject a pending or published submission; the reason is required.

    waiting_only (the queue page): only a post still waiting for a decision, never one a
    colleague approved meanwhile (409) -- taking a published post down is its own decision.
    """
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
        waiting_only=waiting_only,
    )


def _plain_text(value, *, name: str, limit: int) -> str:
    """Return value stripped, or refuse what is not plain text within the limit."""
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise Rejected(
            _("'%(name)s' must be plain text of at most %(limit)d characters.")
            % {"name": name, "limit": limit},
            code=f"invalid_{name}",
        )
    return value.strip()


def submission_respond(
    *, submission_id: int, actor, public_status: str | None = None, answer: str | None = None
) -> Submission:
    """Set a published post's public status and/or the city's public answer, keeping the history.

    None leaves a part as it is; an empty answer removes it. The status must be one of the post's
    campaign's list. Nothing is recorded (and nobody told) when nothing changes.
    """
    if answer is not None:
        answer = _plain_text(answer, name="answer", limit=MAX_ANSWER_LENGTH)
    if public_status is not None and not isinstance(public_status, str):
        raise Rejected(_("'public_status' must be the key of a status."), code="invalid_status")
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None:
            raise Rejected(_("No such submission."), code="not_found", status_code=404)
        if submission.status != Status.APPROVED:
            # A status is public; an unpublished post has no public to answer.
            raise Rejected(
                _("Only published submissions get a status and an answer."),
                code="not_published",
                status_code=409,
                status=submission.status,
            )
        changed = _apply_response(submission, public_status=public_status, answer=answer)
        if changed:
            submission.responded_at = timezone.now()
            submission.save(update_fields=[*changed, "responded_at"])
            _record(submission, actor=actor, kind=ChangeKind.RESPONDED, text=submission.answer)
    return submission


def _apply_response(submission: Submission, *, public_status, answer) -> list[str]:
    """Set what differs on the submission; return the names of the fields that changed."""
    changed = []
    if public_status is not None and public_status != submission.public_status:
        known = PublicStatus.objects.filter(campaign_id=submission.campaign_id)
        if not known.filter(key=public_status).exists():
            raise Rejected(
                _("Unknown status '%(status)s'; this campaign has: %(known)s.")
                % {
                    "status": public_status[:40],
                    "known": ", ".join(known.values_list("key", flat=True)),
                },
                code="unknown_status",
            )
        submission.public_status = public_status
        changed.append("public_status")
    if answer is not None and answer != submission.answer:
        submission.answer = answer
        changed.append("answer")
    return changed
