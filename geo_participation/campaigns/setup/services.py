"""The setup pages' writes: each one atomic and checked, so nothing half-saved is ever public.

Every write that depends on whether the campaign is published (update, publish, unpublish, a
category's deletion) first locks the campaign's row (SELECT ... FOR UPDATE) and reads it afresh:
two managers publishing and editing at once are then served one after the other, and neither
undoes the other's change from a copy read before it.
"""

from dataclasses import dataclass

from django.contrib.gis.geos import MultiPolygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from geo_participation.campaigns.models import (
    INITIAL_PUBLIC_STATUS,
    Campaign,
    Kind,
    PublicStatus,
)

# What the campaign form sets; the rest (area, draft) has its own step.
CAMPAIGN_FIELDS = (
    "kind",
    "title_de",
    "title_en",
    "description_de",
    "description_en",
    "area_name_de",
    "area_name_en",
    "slug",
    "opens_at",
    "closes_at",
    "participation",
    "moderation",
    "results_early",
    "results_summary_de",
    "results_summary_en",
)


def _assign(campaign: Campaign, fields: dict) -> list[str]:
    """Set the given fields; return the columns to save (a text's untranslated one too)."""
    names = [name for name in CAMPAIGN_FIELDS if name in fields]
    for name in names:
        setattr(campaign, name, fields[name])
    # modeltranslation keeps the untranslated column (title) beside title_de and title_en.
    return [*names, *{name.rsplit("_", 1)[0] for name in names if name[-3:] in ("_de", "_en")}]


def locked(campaign: Campaign) -> Campaign:
    """Return the campaign's row read afresh and locked until the transaction ends."""
    return Campaign.all_objects.select_for_update().get(pk=campaign.pk)


def check_still_complete(campaign: Campaign) -> None:
    """Refuse, by field, texts or dates that leave a published campaign short of its checklist."""
    if campaign.draft:
        return
    errors = {
        item.field: [
            _("A published campaign must stay complete: %(missing)s") % {"missing": item.missing}
        ]
        for item in publish_checklist(campaign)
        if item.field and not item.done
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def campaign_create(*, fields: dict) -> Campaign:
    """Create a draft campaign (never public until published) with the default statuses."""
    campaign = Campaign(draft=True)
    _assign(campaign, fields)
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, fields: dict, statuses: list[dict]) -> Campaign:
    """Save the campaign's texts, dates and rules and its public statuses, all or nothing.

    Only the edited columns are written, to the row as it is now: `draft` and the area stay as
    a publish, unpublish or area change made meanwhile left them.
    """
    campaign = locked(campaign)
    if not campaign.draft:
        fields = {**fields, "slug": campaign.slug}  # links to a published campaign are out there
    names = _assign(campaign, fields)
    campaign.full_clean()
    check_still_complete(campaign)
    campaign.save(update_fields=names)
    statuses_update(campaign=campaign, rows=statuses)
    return campaign


def check_status_removable(*, campaign: Campaign, key: str) -> None:
    """Refuse to remove the status every post starts in, or one that posts still have."""
    # Named by its label as the manager reads it; the key stays in params for refuse().
    status = campaign.public_statuses.filter(key=key).first()
    params = {"key": key, "label": status.label if status else key}
    if key == INITIAL_PUBLIC_STATUS:
        raise ValidationError(
            _("The status “%(label)s” is where every new post starts; keep it."),
            code="status_initial",
            params=params,
        )
    # Through the campaign's reverse relation: campaigns does not import submissions.
    if campaign.submissions.filter(public_status=key).exists():
        raise ValidationError(
            _("Posts still have the status “%(label)s”; give them another one first."),
            code="status_in_use",
            params=params,
        )


def _new_key(label: str, taken: set) -> str:
    base = slugify(label).replace("-", "_")[:36] or "status"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def statuses_update(*, campaign: Campaign, rows: list[dict]) -> None:
    """Rename, reorder, remove and add the campaign's public statuses as the rows say."""
    existing = {s.key: s for s in PublicStatus.objects.filter(campaign=campaign)}
    taken = set(existing)
    for order, row in enumerate(sorted(rows, key=lambda r: (r["position"], bool(not r["key"])))):
        status = existing.get(row["key"]) if row["key"] else None
        if row["key"] and status is None:
            continue  # removed meanwhile by someone else
        if status is not None and row.get("remove"):
            check_status_removable(campaign=campaign, key=status.key)
            status.delete()
            continue
        if status is None:
            if row.get("remove"):
                continue
            status = PublicStatus(campaign=campaign, key=_new_key(row["label_de"], taken))
            taken.add(status.key)
        status.label_de, status.label_en, status.position = (
            row["label_de"],
            row.get("label_en") or "",
            order,
        )
        status.save()


@transaction.atomic
def campaign_set_area(*, campaign: Campaign, area: MultiPolygon) -> Campaign:
    """Store a checked area; with posts, only an area that still holds every one of them."""
    outside = campaign.submissions.exclude(geom__coveredby=area).count()
    if outside:
        raise ValidationError(
            ngettext(
                "%(count)d post would lie outside this area. Once a campaign has posts, its "
                "area may only grow.",
                "%(count)d posts would lie outside this area. Once a campaign has posts, its "
                "area may only grow.",
                outside,
            )
            % {"count": outside}
        )
    campaign.area = area
    campaign.full_clean()
    # save() also stores the privacy grid for the area's latitude.
    campaign.save()
    return campaign


@dataclass(frozen=True)
class ChecklistItem:
    """One condition of publishing: whether it holds, what it is, and where to fix it."""

    done: bool
    label: str
    missing: str
    fix_url: str
    field: str = ""  # the campaign form's field it concerns, if any


def publish_checklist(campaign: Campaign) -> list[ChecklistItem]:
    """Return what publishing needs, each item ticked or named as missing with a link to fix."""
    edit = reverse("setup:edit", kwargs={"slug": campaign.slug})
    dates_ok = campaign.opens_at is not None and (
        campaign.closes_at is None or campaign.closes_at > campaign.opens_at
    )
    return [
        ChecklistItem(
            campaign.area is not None,
            _("The area is set."),
            _("The area is missing."),
            reverse("setup:area", kwargs={"slug": campaign.slug}),
        ),
        contents_item(campaign, edit),
        ChecklistItem(
            dates_ok,
            _("The opening date is set and the closing date, if any, is after it."),
            _("The dates are missing or the closing date is not after the opening date."),
            f"{edit}#id_opens_at",
            "opens_at",
        ),
        ChecklistItem(
            bool(campaign.title_de and campaign.title_de.strip()),
            _("The German title is there."),
            _("The German title is missing."),
            f"{edit}#id_title_de",
            "title_de",
        ),
        ChecklistItem(
            bool(campaign.description_de and campaign.description_de.strip()),
            _("The German description is there."),
            _("The German description is missing."),
            f"{edit}#id_description_de",
            "description_de",
        ),
    ]


def contents_item(campaign: Campaign, edit: str) -> ChecklistItem:
    """Return the item of what residents answer: categories on a map, a poll's questions."""
    if campaign.kind != Kind.MAP:
        # Through the reverse relation (polls imports campaigns, not the other way round).
        questions = campaign.poll_questions.prefetch_related("options")
        return ChecklistItem(
            any(not q.has_options or len(q.options.all()) >= 2 for q in questions),
            _("There is at least one question with two options (or a scale)."),
            _("There is no question with two options (or a scale) yet."),
            f"{edit}fragen/",
        )
    return ChecklistItem(
        campaign.categories.exists(),
        _("There is at least one category."),
        _("There is no category yet."),
        # Served by the categories pages (category_urls), mounted under the campaign's.
        f"{edit}kategorien/",
    )


@transaction.atomic
def campaign_publish(*, campaign: Campaign) -> Campaign:
    """Make a draft public, refusing (and naming what is missing) unless the checklist holds."""
    # Checked on the locked row: a category deleted or a text cleared meanwhile counts.
    campaign = locked(campaign)
    missing = [item.missing for item in publish_checklist(campaign) if not item.done]
    if missing:
        raise ValidationError(
            _("The campaign cannot be published yet: %(missing)s") % {"missing": " ".join(missing)}
        )
    campaign.draft = False
    campaign.full_clean()
    campaign.save(update_fields=["draft"])
    return campaign


@transaction.atomic
def campaign_unpublish(*, campaign: Campaign) -> Campaign:
    """Take a campaign back to draft, only while nobody has posted into it."""
    campaign = locked(campaign)
    campaign.draft = True
    campaign.full_clean()  # Campaign.clean: back to draft only without posts
    campaign.save(update_fields=["draft"])
    return campaign
