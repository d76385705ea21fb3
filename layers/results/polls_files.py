"""A poll's or vote's results as files: /c/{slug}/ergebnisse.csv and /c/{slug}/ergebnisse.json.

The tally is heatmaps.api.ballot_tally's (public: no numbers below k ballots), shown only once
Campaign.results_visible(); before that both answer 403 "results_not_public" in the error
shape, and a map campaign has none (404). The CSV has one row per option (per value of a scale),
with the question's key, label, kind and answering ballots on every row.
"""

import csv
import io
import re

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from geo_participation.campaigns.models import Kind
from heatmaps import api
from layers import http
from layers.exports.files import FORMULA_START

# Public numbers change with every ballot; a minute in shared caches is harmless.
MAX_AGE = 60
COLUMNS = [
    *("question", "question_label", "kind", "answered", "option", "option_label"),
    *("count", "share", "mean_rank", "borda"),
]
FORMULA = re.compile(FORMULA_START)


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
    document = {"campaign": campaign.slug, "kind": campaign.kind, "closed": campaign.is_closed()}
    return JsonResponse(
        document | tally,
        headers=http.caching_headers(max_age=MAX_AGE),
        json_dumps_params={"ensure_ascii": False},
    )


def _text(value) -> str:
    # A label starting like a formula would run as one in a spreadsheet (OWASP: quote it).
    text = "" if value is None else str(value)
    return f"'{text}" if FORMULA.match(text) else text


def rows(tally: dict):
    """Yield the CSV rows of a tally, one per option or scale value."""
    for question in tally["questions"]:
        head = [question["key"], question["label"], question["kind"], question["answered"]]
        if "scale" in question:
            for row in question["scale"]["values"]:
                yield [*head, row["value"], row["value"], row["count"], row["share"], None, None]
            continue
        for option in question["options"]:
            yield [
                *head,
                *(option["key"], option["label"], option["count"], option["share"]),
                *(option.get("mean_rank"), option.get("borda")),
            ]


@http.safe_only
def results_csv(request, slug: str):
    """Answer the poll's tally as CSV, one row per option (403 while the results are hidden)."""
    campaign, tally = _tally_or_refusal(slug)
    if campaign is None:
        return tally
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows(tally):
        writer.writerow([_text(cell) for cell in row])
    response = HttpResponse(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers=http.caching_headers(max_age=MAX_AGE),
    )
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-ergebnisse.csv"'
    return response
