"""Read replicas: which database a read goes to, and the published versions already served.

Contract for the delivery code (the replica work fills these in; until then there are no
replicas and every read is on the primary):

- Reads go through Django's router (`router.db_for_read(model)`, or the ORM, which asks it);
  never name a replica alias directly.
- `version_is_behind(campaign_id, version)` tells whether a published version just read is older
  than one this service has already served for the campaign. A read that is behind must be done
  again on the primary (`"default"`), so no cache ever sees a campaign's version go backwards.
"""


def version_is_behind(campaign_id: int, version: int) -> bool:
    """Return whether this published version is older than one already served (never, yet)."""
    return False
