"""The questions pages' writes: a poll's question with its options, all or nothing.

Each write locks the campaign's row first (services.locked, SELECT ... FOR UPDATE). A new
ballot's foreign key check takes FOR KEY SHARE on that row, which the lock excludes: a ballot
being cast is committed before the check counts ballots (and counted), or waits until the change
is committed. Two managers at once are served in turn.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from geo_participation.campaigns.models import Campaign, Kind
from geo_participation.campaigns.setup.question_forms import suggested_key
from geo_participation.campaigns.setup.services import contents_item, locked
from geo_participation.errors import Rejected
from geo_participation.polls.models import OPTION_KINDS, PollOption, PollQuestion
from geo_participation.polls.schema_changes import check_question_change, check_question_removable

from . import images
from .setup_forms import free_key


@transaction.atomic
def question_save(
    *, campaign: Campaign, question: PollQuestion | None, fields: dict, options: list[dict]
) -> PollQuestion:
    """Create or change a question with its options (labels, images, alt texts, order).

    options: rows of setup_forms.OptionFormSet.rows() (key, labels, alt texts, image upload,
    remove_image). Raises ValidationError by field ("kind", "scale", "options") when ballots are
    stored and the change would orphan them (polls/schema_changes.py).
    """
    campaign = locked(campaign)
    if question is None and campaign.kind == Kind.VOTE and campaign.poll_questions.exists():
        raise ValidationError(
            _("A vote has one question (its options are what people vote for); edit that one.")
        )
    if question is None:
        last = campaign.poll_questions.aggregate(last=Max("position"))["last"]
        taken = set(campaign.poll_questions.values_list("key", flat=True))
        key = free_key(suggested_key(fields["label_de"], 60), taken)
        question = PollQuestion(campaign=campaign, key=key, position=(last or 0) + 1)
    if fields["kind"] not in OPTION_KINDS:
        options = []  # a scale has no options (removing stored ones: only without ballots)
    kept = {row["key"] for row in options if row.get("original")}
    check_question_change(
        question=question,
        kind=fields["kind"],
        scale=(fields["scale_min"], fields["scale_max"]),
        kept_options=kept,
    )
    if fields["kind"] in OPTION_KINDS and len(options) < 2:
        raise ValidationError({"options": [_("Please give the question at least two options.")]})
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean(exclude=["campaign"])
    question.save()
    _save_options(question, options)
    return question


def _save_options(question: PollQuestion, rows: list[dict]) -> None:
    stored = {o.key: o for o in question.options.all()}
    keep = {row["key"] for row in rows}
    for key, option in stored.items():
        if key not in keep:
            option.delete()  # checked by check_question_change: only without ballots
    for position, row in enumerate(rows):
        option = stored.get(row["key"]) or PollOption(question=question, key=row["key"])
        # The _de and _en columns only: modeltranslation keeps the untranslated one.
        option.label_de, option.label_en = row["label_de"], row.get("label_en") or ""
        option.alt_text_de = row.get("alt_text_de") or ""
        option.alt_text_en = row.get("alt_text_en") or ""
        option.position = position
        if row.get("remove_image") and option.image and not row.get("image"):
            images.option_image_clear(option=option)
        option.save()
        if row.get("image"):
            try:
                images.option_image_set(option=option, upload=row["image"])
            except Rejected as refusal:
                raise ValidationError(
                    {"options": [f"{option.label_de}: {refusal.detail}"]}
                ) from refusal


@transaction.atomic
def question_delete(*, question: PollQuestion) -> None:
    """Delete a question and its options; refused once the campaign has ballots."""
    campaign = locked(question.campaign)
    check_question_removable(question)
    question.delete()
    if not campaign.draft and not contents_item(campaign, "").done:
        # The checklist keeps holding after publishing (rolled back with the deletion).
        raise ValidationError(
            _("A published poll needs at least one question with two options; keep this one."),
            code="last_question",
        )


@transaction.atomic
def question_move(*, question: PollQuestion, step: int) -> None:
    """Move the question one place up (step -1) or down (+1) in its campaign's list."""
    siblings = list(question.campaign.poll_questions.order_by("position", "key"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index + step
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
