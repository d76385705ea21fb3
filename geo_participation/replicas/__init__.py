"""Read replicas: which database a read goes to, and the published versions already served.

Contract for the delivery code (docs/operations.md "Read replicas"):

- Reads go through Django's router (`router.db_for_read(model)`, or the ORM, which asks it);
  never name a replica alias directly. The router (routing.py) follows what the middleware
  (middleware.py) decided for the request; outside a request every read is on the primary.
- `version_is_behind(campaign_id, version)` tells whether a published version just read is older
  than one this service has already served for the campaign (versions.py). A read that is behind
  must be done again on the primary (`"default"`), so no cache ever sees a campaign's version go
  backwards.
"""

from .versions import version_is_behind

__all__ = ["version_is_behind"]
