"""The only write paths of ballots: cast (create or replace) and withdraw one's own."""

import json

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_participation.campaigns.models import Campaign, Kind
from geo_participation.errors import Rejected
from geo_participation.submissions.services import check_may_participate

from .answers import clean_ballot
from .models import Ballot
from .selectors import poll_questions, voter

# One statement per ballot: PostgreSQL decides between insert and update against the partial
# unique index, so concurrent casts by one person leave one ballot holding one of their answers
# (the last to commit), never two ballots and never a lost change. xmax is 0 only on a row this
# statement inserted. The WHERE clauses repeat the indexes' predicates (models.Ballot.Meta).
UPSERT = """
INSERT INTO polls_ballot (campaign_id, user_id, client_id, answers, created_at, updated_at)
VALUES (%(campaign)s, %(user)s, %(client)s, %(answers)s::jsonb, %(now)s, %(now)s)
ON CONFLICT {target}
DO UPDATE SET answers = EXCLUDED.answers, updated_at = EXCLUDED.updated_at
RETURNING id, (xmax = 0) AS created
"""
BY_USER = '(campaign_id, user_id) WHERE "user_id" IS NOT NULL'
BY_CLIENT = """(campaign_id, client_id) WHERE ("user_id" IS NULL AND NOT ("client_id" = ''))"""


def check_is_poll(campaign: Campaign) -> None:
    """Refuse ballots for a map campaign (404: it has no ballot to cast)."""
    if campaign.kind == Kind.MAP:
        raise Rejected(
            _("Campaign %(slug)r is not a poll or vote; it takes posts on its map.")
            % {"slug": campaign.slug},
            code="not_a_poll",
            status_code=404,
        )


def _voter_or_refuse(*, user, client_id: str | None) -> dict:
    lookup = voter(user=user, client_id=client_id)
    if lookup is None:
        # Without the client cookie every request would be a new voter.
        raise Rejected(
            _(
                "Anonymous voting needs the client cookie this site sets; allow cookies and "
                "send it again."
            ),
            code="client_cookie_required",
        )
    return lookup


def ballot_cast(*, campaign: Campaign, answers, user, client_id: str | None) -> tuple[Ballot, bool]:
    """Store the person's ballot, replacing their earlier one; return it and whether it is new."""
    check_is_poll(campaign)
    check_may_participate(campaign=campaign, user=user)
    lookup = _voter_or_refuse(user=user, client_id=client_id)
    cleaned = clean_ballot(poll_questions(campaign), answers)
    params = {
        "campaign": campaign.pk,
        "user": lookup["user"].pk if lookup["user"] else None,
        "client": lookup.get("client_id", ""),
        "answers": json.dumps(cleaned),
        "now": timezone.now(),
    }
    target = BY_USER if lookup["user"] else BY_CLIENT
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(UPSERT.format(target=target), params)
        pk, created = cursor.fetchone()
    return Ballot.objects.get(pk=pk), created


def ballot_withdraw(*, campaign: Campaign, user, client_id: str | None) -> bool:
    """Delete the person's ballot while the campaign is open; return False if there was none."""
    check_is_poll(campaign)
    check_may_participate(campaign=campaign, user=user)
    lookup = _voter_or_refuse(user=user, client_id=client_id)
    deleted, _counts = Ballot.objects.filter(campaign=campaign, **lookup).delete()
    return bool(deleted)
