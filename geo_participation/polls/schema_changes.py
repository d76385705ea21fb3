"""No orphaned ballots: what may change in a poll's questions once ballots are stored.

A ballot's answers are stored by question key and option key (Ballot.answers), and the tally and
the results files find their labels through the questions as they are now. So once a campaign
has ballots its questions may only grow: questions and options may be relabelled and added, but
none removed, and no question may change its kind or its scale. Required and max_choices may
change (old ballots are counted as they were cast).

This module is the rule's one home: the setup pages and the admin ask it before they write.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import PollQuestion


def ballot_count(campaign) -> int:
    """Return how many ballots the campaign has."""
    return campaign.ballots.count()


def _ballots(count: int) -> str:
    return ngettext("%(count)d ballot", "%(count)d ballots", count) % {"count": count}


def question_removal_refusal(question: PollQuestion) -> str:
    """Return why the stored question may not be removed, or "" if it may."""
    count = ballot_count(question.campaign)
    if not count:
        return ""
    return _(
        "The question “%(label)s” cannot be removed: the campaign already has %(ballots)s."
    ) % {"label": question.label, "ballots": _ballots(count)}


def question_change_refusals(
    *, question: PollQuestion, kind: str, scale: tuple, kept_options: set, key: str | None = None
) -> dict[str, list[str]]:
    """Return, by field ("key", "kind", "scale", "options"), the refused changes of a question.

    kind, scale (min, max) and key (None: unchanged) are the asked-for ones; kept_options the
    keys of the stored options that stay. Empty without ballots or when nothing is refused.
    """
    if question.pk is None:
        return {}
    stored = PollQuestion.objects.filter(pk=question.pk).first()
    count = ballot_count(question.campaign) if stored else 0
    if not count:
        return {}
    refusals: dict[str, list[str]] = {}
    ballots = _ballots(count)
    if key is not None and key != stored.key:
        refusals["key"] = [
            _("The key cannot change: the campaign already has %(ballots)s.") % {"ballots": ballots}
        ]
    if kind != stored.kind:
        refusals["kind"] = [
            _("The kind of question cannot change: the campaign already has %(ballots)s.")
            % {"ballots": ballots}
        ]
    if kind == stored.kind and tuple(scale) != (stored.scale_min, stored.scale_max):
        refusals["scale"] = [
            _("The scale cannot change: the campaign already has %(ballots)s.")
            % {"ballots": ballots}
        ]
    for option in stored.options.all():
        if option.key not in kept_options:
            refusals.setdefault("options", []).append(
                _("The option “%(label)s” cannot be removed: the campaign already has %(ballots)s.")
                % {"label": option.label, "ballots": ballots}
            )
    return refusals


def check_question_change(
    *, question: PollQuestion, kind: str, scale: tuple, kept_options: set
) -> None:
    """Raise ValidationError, by field, unless the change keeps every stored ballot readable."""
    refusals = question_change_refusals(
        question=question, kind=kind, scale=scale, kept_options=kept_options
    )
    if refusals:
        raise ValidationError(refusals)


def check_question_removable(question: PollQuestion) -> None:
    """Raise ValidationError unless the question may be removed (no ballots yet)."""
    refusal = question_removal_refusal(question)
    if refusal:
        raise ValidationError(refusal, code="question_has_ballots")
