"""A poll's or vote's tally as files: the one encoding of its JSON and CSV, and the planners'
exact files at /exports/{slug}/tally.csv and /exports/{slug}/tally.json.

The public files (/c/{slug}/ergebnisse.csv|json, layers.results.polls_files) and the planners'
ones are the same encoding of two tallies: the public one k-suppressed and shown only once
Campaign.results_visible(), the planners' exact (every ballot counted, at any time). The CSV
has one row per option (per value of a scale), with the question's key, label, kind and
answering ballots on every row.
"""

import csv
import io
import re

from django.http import HttpResponse, JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from geo_participation.campaigns.models import Kind
from geo_participation.campaigns.selectors import campaign_by_slug
from geo_participation.openapi import errors
from heatmaps import api

from .access import IsPlanner, LoginPageForPeople
from .files import FORMULA_START
from .requests import not_found

COLUMNS = [
    *("question", "question_label", "kind", "answered", "option", "option_label"),
    *("count", "share", "mean_rank", "borda"),
]
FORMULA = re.compile(FORMULA_START)
FORMATS = ("csv", "json")


def document(campaign, tally: dict) -> dict:
    """Return the JSON document of a tally: the campaign, its kind, whether it closed."""
    head = {"campaign": campaign.slug, "kind": campaign.kind, "closed": campaign.is_closed()}
    return head | tally


def json_answer(campaign, tally: dict, *, headers: dict) -> JsonResponse:
    """Return the tally as a JSON answer with these headers."""
    return JsonResponse(
        document(campaign, tally), headers=headers, json_dumps_params={"ensure_ascii": False}
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


def csv_answer(tally: dict, *, filename: str, headers: dict) -> HttpResponse:
    """Return the tally as a CSV download named filename, with these headers."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows(tally):
        writer.writerow([_text(cell) for cell in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8", headers=headers)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class TallyExportView(LoginPageForPeople, APIView):
    """Return a poll's or vote's exact tally as CSV or JSON, for planners, open or closed."""

    permission_classes = [IsPlanner]
    # Errors are JSON ({"detail", "code"}); the files are answered directly.
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="exports_tally",
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.BINARY, description="One row per option (per value of a scale)."
            ),
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="heatmaps.ballots' tally, exact."
            ),
            **errors(403, 404),
        },
    )
    def get(self, request, slug: str, fmt: str):
        """Answer the exact tally of the poll or vote as tally.csv or tally.json."""
        if fmt not in FORMATS:
            raise not_found(f"No format {fmt!r} of the tally; ask for tally.csv or tally.json.")
        campaign = campaign_by_slug(slug)
        if campaign is None or campaign.kind == Kind.MAP:
            raise not_found(f"No poll or vote {slug[:80]!r}.")
        # Exact: no k suppression, and live while the public results are still hidden.
        tally = api.ballot_tally(campaign, exact=True)
        # Live numbers of one or two voters: never kept in a shared cache.
        headers = {"Cache-Control": "private, no-store"}
        if fmt == "json":
            return json_answer(campaign, tally, headers=headers)
        return csv_answer(tally, filename=f"{campaign.slug}-tally.csv", headers=headers)
