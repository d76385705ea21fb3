"""The only read paths of polls: a campaign's questions with options, and one's own ballot."""

from django.db.models import Prefetch

from geo_participation.campaigns.models import Campaign

from .models import Ballot, PollOption, PollQuestion


def poll_questions(campaign: Campaign) -> list[PollQuestion]:
    """Return the campaign's questions in order, each with its options in order."""
    options = Prefetch("options", queryset=PollOption.objects.order_by("position", "key"))
    questions = PollQuestion.objects.filter(campaign=campaign).order_by("position", "key")
    return list(questions.prefetch_related(options))


def voter(*, user, client_id: str | None) -> dict | None:
    """Return the lookup of this person's ballots (account, or anonymous client), or None."""
    if user is not None and user.is_authenticated:
        return {"user": user}
    if client_id:
        return {"user": None, "client_id": client_id}
    return None


def ballot_of(*, campaign: Campaign, user, client_id: str | None) -> Ballot | None:
    """Return this person's ballot in the campaign, or None."""
    lookup = voter(user=user, client_id=client_id)
    if lookup is None:
        return None
    return Ballot.objects.filter(campaign=campaign, **lookup).first()
