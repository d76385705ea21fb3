"""No orphaned answers: what may change in a category once it has posts.

A post's answers are stored by question key and choice value (submissions.answers), and every
reader (exports, filters, reports, the post's page) finds their label through the category's
current schema. So once a category has posts its schema may only grow: labels may change,
questions and choices may be added, a question may become optional (or required: old posts
simply lack it, as they lack a new required question); but every question key must stay with
its type, every choice value must stay, and the category's key and geometry kind are fixed.

A sensitive category also stays sensitive once it has posts (in any status): they were submitted
under the promise that the public sees them only generalised (docs/privacy.md), and switching
the flag off would publish every one of them at its exact position. Turning it on stays allowed.

This module is the rule's one home: Category.clean and Category.save call it, so the admin,
the setup pages and any script are held to it alike.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CHOICE_TYPES = ("single_choice", "multiple_choice")


@dataclass(frozen=True)
class Refusal:
    """One refused change: the field it concerns, the question and choice, and why."""

    field: str  # "key", "geometry_kind", "sensitive" or "questions"
    message: str
    question: str = ""  # the old question's key, for errors shown beside that question
    choice: str = ""  # the old choice's value


def _posts(count: int) -> str:
    return ngettext("%(count)d post", "%(count)d posts", count) % {"count": count}


def _in_posts(count: int) -> str:
    # Its own message: German declines the noun after "in" ("in 3 Beiträgen").
    return ngettext("in %(count)d post", "in %(count)d posts", count) % {"count": count}


def schema_refusals(category) -> list[Refusal]:
    """Return every change of the stored category that would orphan its posts' answers."""
    if category.pk is None:
        return []
    stored = (
        type(category)
        .objects.filter(pk=category.pk)
        .values("key", "geometry_kind", "sensitive", "questions")
    )
    old = stored.first()
    # Through the reverse relation: campaigns does not import submissions.
    posts = category.submissions.all() if old else None
    if old is None or not posts.exists():
        return []
    refusals = []
    if category.key != old["key"]:
        refusals.append(_fixed("key", posts.count()))
    if category.geometry_kind != old["geometry_kind"]:
        refusals.append(_fixed("geometry_kind", posts.count()))
    if old["sensitive"] and not category.sensitive:
        refusals.append(stays_sensitive(posts.count()))
    new = {q.get("key"): q for q in category.questions if isinstance(q, dict)}
    for question in old["questions"]:
        refusals += _question_refusals(question, new.get(question["key"]), posts)
    return refusals


def _fixed(field: str, count: int) -> Refusal:
    names = {"key": _("The key"), "geometry_kind": _("The geometry kind")}
    return Refusal(
        field,
        _("%(field)s cannot change: the category already has %(posts)s.")
        % {"field": names[field], "posts": _posts(count)},
    )


def stays_sensitive(count: int) -> Refusal:
    """Return the refusal of switching "sensitive" off on a category with posts."""
    return Refusal(
        "sensitive",
        _(
            "The category must stay sensitive: it already has %(posts)s, submitted under the "
            "promise that the public sees them only generalised, never at their exact place."
        )
        % {"posts": _posts(count)},
    )


def _question_refusals(old: dict, new: dict | None, posts) -> list[Refusal]:
    """Return the refusals for one stored question: removed, retyped or choices removed."""
    key, label = old["key"], old["label"]
    answered = posts.filter(answers__has_key=key)
    if new is None:
        message = _(
            "The question “%(label)s” (%(key)s) cannot be removed: it was answered %(posts)s."
        ) % {"label": label, "key": key, "posts": _in_posts(answered.count())}
        return [Refusal("questions", message, question=key)]
    if new.get("type") != old["type"]:
        message = _(
            "The question “%(label)s” (%(key)s) must keep its type: it was answered %(posts)s."
        ) % {"label": label, "key": key, "posts": _in_posts(answered.count())}
        return [Refusal("questions", message, question=key)]
    if old["type"] not in CHOICE_TYPES:
        return []
    kept = {c.get("value") for c in new.get("choices") or [] if isinstance(c, dict)}
    return [
        _choice_refusal(old, choice, answered)
        for choice in old["choices"]
        if choice["value"] not in kept
    ]


def _choice_refusal(question: dict, choice: dict, answered) -> Refusal:
    key, value = question["key"], choice["value"]
    # jsonb containment matches a single answer ("x") and a list holding it (["x", "y"]).
    document = {key: [value]} if question["type"] == "multiple_choice" else {key: value}
    count = answered.filter(answers__contains=document).count()
    message = _(
        "The choice “%(choice)s” (%(value)s) of the question “%(label)s” cannot be removed: "
        "it was chosen %(posts)s."
    ) % {
        "choice": choice["label"],
        "value": value,
        "label": question["label"],
        "posts": _in_posts(count),
    }
    return Refusal("questions", message, question=key, choice=value)


def check_schema_change(category) -> None:
    """Raise ValidationError, by field, unless the change keeps every stored answer readable."""
    refusals = schema_refusals(category)
    if refusals:
        errors: dict[str, list[str]] = {}
        for refusal in refusals:
            errors.setdefault(refusal.field, []).append(refusal.message)
        raise ValidationError(errors)


def kind_refusal(campaign) -> str:
    """Return why the stored campaign's kind (map, poll, vote) may not change now, or ""."""
    # A map's posts and a poll's ballots answer different things; a published campaign's kind
    # is what its residents were asked. So the kind changes only in a draft nobody took part in.
    stored = type(campaign).all_objects.filter(pk=campaign.pk).values("draft").first()
    if stored is None:
        return ""
    if not stored["draft"]:
        return _("A published campaign keeps its kind.")
    posts = campaign.submissions.count()
    if posts:
        return _("The kind cannot change: the campaign already has %(posts)s.") % {
            "posts": _posts(posts)
        }
    ballots = campaign_ballot_count(campaign)
    if ballots:
        return ngettext(
            "The kind cannot change: the campaign already has %(count)d ballot.",
            "The kind cannot change: the campaign already has %(count)d ballots.",
            ballots,
        ) % {"count": ballots}
    return ""


def campaign_ballot_count(campaign) -> int:
    """Return how many ballots a campaign has (through the reverse relation of polls.Ballot)."""
    # campaigns does not import polls; a campaign without the relation has none.
    ballots = getattr(campaign, "ballots", None)
    return ballots.count() if ballots is not None else 0


def check_kind_change(campaign) -> None:
    """Raise ValidationError on "kind" when a stored campaign's kind changes against the rule."""
    stored = type(campaign).all_objects.filter(pk=campaign.pk).values_list("kind", flat=True)
    old = stored.first()
    if old is None or old == campaign.kind:
        return
    refusal = kind_refusal(campaign)
    if refusal:
        raise ValidationError({"kind": refusal})
