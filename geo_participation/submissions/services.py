"""The only write paths for submissions, moderation and support."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from geo_participation.campaigns.models import Campaign, Category, Moderation, Participation
from geo_participation.campaigns.questions import clean_answers
from geo_participation.campaigns.selectors import category_by_key
from geo_participation.errors import Rejected

from .idempotency import user_scope
from .models import IdempotencyKey, Status, Submission, Support
from .near import near_name, near_of
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
    check_free_posts(campaign)
    geometry, properties = feature_parts(feature)
    check_properties(properties, allowed={"category", "comment", "answers"})
    category = category_of(campaign, properties.get("category"))
    geom = parse_geometry(geometry, expected_type=category.geojson_type)
    submission = Submission.objects.create(
        campaign=campaign,
        category=category,
        **intake_checked(campaign=campaign, category=category, geom=geom, properties=properties),
        near=near_of(geom=geom, category=category, campaign=campaign),
        **intake_author(user=user, client_id=client_id),
        status=initial_status(campaign),
    )
    # A new submission has no photo yet: said here, so that its answer asks no query for one.
    Submission.photo.related.set_cached_value(submission, None)
    return submission


def check_free_posts(campaign: Campaign) -> None:
    """Refuse a free post where residents rate the sections of a proposal instead.

    A rating belongs to a section (references.services.rating_put); as a free post it would
    count in the campaign's totals but in no section, and escape "one rating per section".
    """
    # selectors.intake_campaign read it with the campaign; a campaign read otherwise asks.
    has_sections = getattr(campaign, "has_sections", None)
    if has_sections is None:
        has_sections = campaign.reference_features.exists()
    if has_sections:
        raise Rejected(
            _(
                "Campaign %(slug)r asks for ratings of the sections of a proposal: rate a "
                "section on the map instead of adding a place."
            )
            % {"slug": campaign.slug},
            code="rate_a_section",
        )


def check_properties(properties: dict, *, allowed: set[str]) -> None:
    """Refuse a Feature with properties intake does not know, naming them."""
    unknown = sorted(set(properties) - allowed)
    if unknown:
        raise Rejected(
            _("Unknown properties: %(names)s.") % {"names": ", ".join(unknown)},
            code="unknown_properties",
        )


def category_of(campaign: Campaign, key, *, kind: str | None = None) -> Category:
    """Return the campaign's category with this key (of this geometry kind), or refuse it."""
    category = category_by_key(campaign, key)
    if category is None or (kind is not None and category.geometry_kind != kind):
        keys = campaign.categories.all()
        if kind is not None:
            keys = keys.filter(geometry_kind=kind)
        raise Rejected(
            _("Unknown category %(key)r; this campaign has: %(keys)s.")
            % {"key": key, "keys": ", ".join(keys.values_list("key", flat=True))},
            code="unknown_category",
        )
    return category


def intake_content(*, campaign: Campaign, category: Category, geom, properties: dict) -> dict:
    """Return a post's checked place, comment, answers and `near`, refusing what does not fit."""
    checked = intake_checked(campaign=campaign, category=category, geom=geom, properties=properties)
    return {**checked, "near": near_name(geom=geom, category=category, campaign=campaign)}


def intake_checked(*, campaign: Campaign, category: Category, geom, properties: dict) -> dict:
    """Return a post's checked place, comment and answers, refusing what does not fit."""
    check_inside_area(geom, campaign)
    comment = check_comment(properties.get("comment"))
    try:
        answers = clean_answers(category.questions, properties.get("answers"))
    except ValidationError as exc:
        raise Rejected(" ".join(exc.messages), code="invalid_answers") from exc
    return {"geom": geom, "comment": comment, "answers": answers}


def intake_author(*, user, client_id: str) -> dict:
    """Return who wrote a post (an account, or else the anonymous client) and in which language."""
    return {
        "author": user if user.is_authenticated else None,
        "client_id": "" if user.is_authenticated else client_id,
        # The request's language (LocaleMiddleware activated it): the author's mails use it.
        "language": translation.get_language() or "",
    }


def initial_status(campaign: Campaign) -> str:
    """Return the status new or changed content starts in: public at once only if post-moderated."""
    return Status.APPROVED if campaign.moderation == Moderation.POST else Status.PENDING


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


def author_erase(*, user, keep_posts: bool) -> None:
    """Delete the user's submissions, or keep them naming nobody; withdraw the user's supports.

    Part of deleting an account (accounts.services.account_delete), in its transaction. Kept
    posts stay as they are (a published one stays on the map) with no author and no client id;
    the database triggers renew the tile cells and published_version of whatever changes.
    """
    own = Submission.objects.filter(author=user)
    if keep_posts:
        own.update(author=None, client_id="")
    else:
        # Through the ORM, not a raw DELETE: the photos' files go with their rows (signals).
        own.delete()
    supported = Support.objects.filter(user=user)
    Submission.objects.filter(pk__in=supported.values("submission_id")).update(
        support_count=F("support_count") - 1
    )
    supported.delete()
    # The replayable responses of the user's requests name their submissions and the user.
    IdempotencyKey.objects.filter(scope=user_scope(user)).delete()
