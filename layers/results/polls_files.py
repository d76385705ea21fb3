"""A poll's or vote's results as files: /c/{slug}/ergebnisse.csv and /c/{slug}/ergebnisse.json.

The tally is heatmaps.api.ballot_tally's (public: no numbers below k ballots), shown only once
Campaign.results_visible(); before that both answer 403 "results_not_public" in the error
shape, and a map campaign has none (404). The encoding is layers.exports.tally's, which also
answers the planners' exact files.
"""

from django.utils.translation import gettext as _

from geo_participation.campaigns.models import Kind
from heatmaps import api
from layers import http
from layers.exports.tally import csv_answer, json_answer

# Public numbers change with every ballot; a minute in shared caches is harmless.
MAX_AGE = 60


def _tally_or_refusal(slug: str):
    """Return (campaign, tally), or (None, the error response)."""
    campaign = http.campaign_by_slug(slug)
    if campaign is None or campaign.kind == Kind.MAP:
        return None, http.error(_("No poll or vote %(slug)r.") % {"slug": slug}, "not_found", 404)
    if not campaign.results_visible():
        closes = campaign.closes_at.isoformat() if campaign.closes_at else None
        message = _("The results of this poll are not public yet.")
        return None, http.error(message, "results_not_public", 403, public_from=closes)
    return campaign, api.ballot_tally(campaign)


@http.safe_only
def results_json(request, slug: str):
    """Answer the poll's tally as JSON (403 while the results are hidden)."""
    campaign, tally = _tally_or_refusal(slug)
    if campaign is None:
        return tally
    return json_answer(campaign, tally, headers=http.caching_headers(max_age=MAX_AGE))


@http.safe_only
def results_csv(request, slug: str):
    """Answer the poll's tally as CSV, one row per option (403 while the results are hidden)."""
    campaign, tally = _tally_or_refusal(slug)
    if campaign is None:
        return tally
    return csv_answer(
        tally,
        filename=f"{campaign.slug}-ergebnisse.csv",
        headers=http.caching_headers(max_age=MAX_AGE),
    )
