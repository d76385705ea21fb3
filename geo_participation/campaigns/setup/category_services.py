"""The category pages' writes: each atomic, checked by the model (no orphaned answers)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from geo_participation.campaigns.models import Campaign, Category
from geo_participation.campaigns.schema_changes import schema_refusals

from .services import locked


def post_count(category: Category) -> int:
    """Return how many posts (in any status) the category has."""
    # Through the reverse relation: campaigns does not import submissions.
    return category.submissions.count()


@transaction.atomic
def category_save(
    *, campaign: Campaign, category: Category | None, fields: dict, questions: list[dict]
) -> Category:
    """Create or change a category with its questions, all or nothing.

    Raises ValidationError by field ("key", "geometry_kind", "questions") when the change
    would orphan answers (campaigns/schema_changes.py) or the schema is malformed.
    """
    if category is None:
        last = campaign.categories.aggregate(last=Max("position"))["last"]
        category = Category(campaign=campaign, position=0 if last is None else last + 1)
    for name, value in fields.items():
        setattr(category, name, value)
    category.questions = questions
    refusals = schema_refusals(category)
    if refusals:
        # The model would refuse too; the refusals say which question and choice, for the page.
        errors: dict[str, list[str]] = {}
        for refusal in refusals:
            errors.setdefault(refusal.field, []).append(refusal.message)
        refused = ValidationError(errors)
        refused.refusals = refusals
        raise refused
    category.full_clean(exclude=["campaign"])
    category.save()
    return category


@transaction.atomic
def category_move(*, category: Category, step: int) -> None:
    """Move the category one place up (step -1) or down (+1) in its campaign's list."""
    siblings = list(category.campaign.categories.order_by("position", "key"))
    index = next(i for i, c in enumerate(siblings) if c.pk == category.pk)
    other = index + step
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


@transaction.atomic
def category_delete(*, category: Category) -> None:
    """Delete a category without posts; refuse one with posts, saying how many.

    A published campaign keeps at least one category (publishing asked for one; its pages,
    intake and exports need one). The campaign's row is locked first, so a publish racing the
    deletion of the last category of a draft sees it gone, or keeps it.
    """
    campaign = locked(category.campaign)
    if not campaign.draft and not campaign.categories.exclude(pk=category.pk).exists():
        raise ValidationError(
            _(
                "A published campaign needs at least one category; this is its last one, so it "
                "cannot be deleted."
            ),
            code="last_category",
        )
    count = post_count(category)
    if count:
        raise ValidationError(
            ngettext(
                "The category has %(count)d post and cannot be deleted.",
                "The category has %(count)d posts and cannot be deleted.",
                count,
            )
            % {"count": count},
            code="category_has_posts",
        )
    category.delete()


def refusal_messages(refusal: ValidationError) -> dict[str, list[str]]:
    """Return a model refusal's messages by field ("__all__" for the rest)."""
    if hasattr(refusal, "error_dict"):
        return refusal.message_dict
    return {"__all__": refusal.messages or [_("The category could not be saved.")]}
