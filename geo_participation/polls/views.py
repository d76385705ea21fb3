"""The ballot page of a poll or vote at /c/{slug}/, and its plain form POST (no JavaScript
needed): the answers are checked by the service, errors shown beside their question."""

import math
from types import SimpleNamespace

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST

from geo_participation.campaigns.models import Campaign, Kind
from geo_participation.clients import client_id, known_client_id
from geo_participation.errors import Rejected
from geo_participation.submissions.services import check_may_participate

from . import selectors, services
from .forms import answers_from_post, form_questions
from .throttles import BallotThrottle


def _may_vote(request, campaign) -> tuple[bool, str]:
    # The service's own check, so the page never offers a form the service would refuse.
    try:
        check_may_participate(campaign=campaign, user=request.user)
    except Rejected as refusal:
        return False, refusal.code
    return True, ""


def _throttled(request, campaign) -> int:
    """Return the seconds to wait when this write is over its rate (polls.throttles), else 0."""
    throttle = BallotThrottle()
    if throttle.allow_request(request, SimpleNamespace(kwargs={"slug": campaign.slug})):
        return 0
    return max(1, math.ceil(throttle.wait() or 60))


def _wait_message(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Very many votes were sent from your connection in a short time. Please try again "
        "in about %(n)d minute.",
        "Very many votes were sent from your connection in a short time. Please try again "
        "in about %(n)d minutes.",
        minutes,
    ) % {"n": minutes}


def _render(request, campaign, *, answers, errors, has_ballot, status=200, submit_error=""):
    may_vote, reason = _may_vote(request, campaign)
    questions = selectors.poll_questions(campaign)
    errors = dict(errors)
    context = {
        "campaign": campaign,
        "general_error": errors.pop("", ""),
        "questions": form_questions(questions, answers, errors),
        "errors": errors,
        "has_ballot": has_ballot,
        "may_vote": may_vote,
        "not_allowed_reason": reason,
        "results_visible": campaign.results_visible(),
        "submit_error": submit_error,
    }
    return render(request, "polls/poll.html", context, status=status)


@ensure_csrf_cookie
def poll_page(request, campaign: Campaign):
    """Show the ballot form of a poll or vote, filled in with this person's ballot."""
    # Hand out the anonymous client cookie now: the ballot sent from this page is then theirs.
    client_id(request)
    ballot = selectors.ballot_of(
        campaign=campaign, user=request.user, client_id=known_client_id(request)
    )
    answers = ballot.answers if ballot else {}
    return _render(request, campaign, answers=answers, errors={}, has_ballot=ballot is not None)


@require_POST
def ballot_submit(request, slug):
    """Cast or change this person's ballot from the plain form; errors beside their question."""
    campaign = get_object_or_404(Campaign, slug=slug)
    if campaign.kind == Kind.MAP:
        raise Http404(_("This campaign takes posts on its map, not votes."))
    questions = selectors.poll_questions(campaign)
    answers, errors = answers_from_post(questions, request.POST)
    known = known_client_id(request)
    has_ballot = selectors.ballot_of(campaign=campaign, user=request.user, client_id=known)
    if not errors and (wait := _throttled(request, campaign)):
        response = _render(
            request,
            campaign,
            answers=answers,
            errors={},
            has_ballot=has_ballot is not None,
            status=429,
            submit_error=_wait_message(wait),
        )
        response["Retry-After"] = str(wait)
        return response
    if not errors:
        try:
            _ballot, created = services.ballot_cast(
                campaign=campaign, answers=answers, user=request.user, client_id=known
            )
        except Rejected as refusal:
            errors = refusal.context.get("errors") or {"": str(refusal.detail)}
        else:
            saved = _("Your vote has been saved.") if created else _("Your vote has been changed.")
            messages.success(request, saved)
            return redirect("web:campaign", slug=campaign.slug)
    return _render(
        request,
        campaign,
        answers=answers,
        errors=errors,
        has_ballot=has_ballot is not None,
        status=400,
    )
