"""The planners' charts, drawn on the server as inline SVG from heatmaps.summary's numbers.

No JavaScript: each chart is a bar chart with a visible heading and the same numbers as a data
table (counts and shares), so screen-reader and keyboard users read what the bars show
(workspace/includes/charts.html lays them out). Bars in a light category colour get a dark
outline: WCAG 1.4.11 asks 3:1 against the white page for the parts of a chart that carry meaning.

    for_campaign(campaign, filters) -> [Chart]   per week, per category, per question
    sparkline(weekly) -> str                     a small line of posts per week, for lists
    bar_chart(key, title, rows, note="") -> Chart  horizontal bars of any rows
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from heatmaps import api
from heatmaps.filters import Filters

BACKGROUND = "#ffffff"
INK = "#1a1a1a"  # text, axes and outlines: 17:1 on white
BAR = "#0b5cad"  # bars without a colour of their own: 6.6:1 on white
NON_TEXT_CONTRAST = 3.0  # WCAG 1.4.11
HEX = re.compile(r"#[0-9a-fA-F]{6}")
# Horizontal bars: the label column, the bar area and one row's height, in SVG units.
LABEL_W, BAR_W, ROW_H, VALUE_W = 180, 300, 24, 60
# Columns (weeks): the plot's height and one column's width.
PLOT_H, COLUMN_W, AXIS_H = 120, 14, 34


@dataclass(frozen=True)
class Row:
    """One bar: its label, count and share of the whole in percent (None without a whole)."""

    label: str
    n: int
    share: float | None
    colour: str = BAR


@dataclass(frozen=True)
class Chart:
    """A titled bar chart: its SVG (safe HTML) and its rows, which the data table repeats."""

    title: str
    svg: SafeString
    rows: list[Row] = field(default_factory=list)
    note: str = ""  # one sentence under the heading, e.g. how many answered
    key: str = ""  # a stable name (weeks, categories, answers-<question>), for ids and tests


def for_campaign(campaign, filters: Filters) -> list[Chart]:
    """Return the charts of the campaign's published posts matching the filters."""
    weekly = api.weekly_counts(campaign, filters)
    categories = api.category_counts(campaign, filters)
    total = sum(n for *_, n in categories)
    charts = [
        _chart(
            "weeks",
            _("Posts per week"),
            [Row(_week_label(monday), n, _share(n, total)) for monday, n in weekly],
            columns=True,
            note=_total_note(total),
        ),
        _chart(
            "categories",
            _("Posts per category"),
            [
                Row(label, n, _share(n, total), _colour(colour))
                for _key, label, colour, n in categories
            ],
            note=_total_note(total),
        ),
    ]
    for question in api.answer_distributions(campaign, filters):
        charts.append(_answers_chart(question))
    return charts


def _answers_chart(question: dict) -> Chart:
    answered = question["answered"]
    note = ngettext(
        "%(n)s post answered this question.", "%(n)s posts answered this question.", answered
    ) % {"n": number_format(answered)}
    if question["type"] == "multiple_choice":
        note += " " + _("Several answers could be ticked, so the shares may add up to more.")
    rows = [Row(label, n, _share(n, answered)) for _value, label, n in question["rows"]]
    if not question["rows"]:
        note += " " + _("Free text is not counted by answer.")
    return _chart(f"answers-{question['key']}", question["label"], rows, note=note)


def bar_chart(key: str, title: str, rows: list[Row], *, note="") -> Chart:
    """Return a horizontal bar chart of the rows (a poll's results use it too)."""
    return _chart(key, title, rows, note=note)


def _chart(key: str, title: str, rows: list[Row], *, columns=False, note="") -> Chart:
    draw = _columns if columns else _bars
    return Chart(title=title, svg=draw(title, rows), rows=rows, note=note, key=key)


def _bars(title: str, rows: list[Row]) -> SafeString:
    """Return horizontal bars, one per row, labelled on the left and counted on the right."""
    top = max((row.n for row in rows), default=0) or 1
    height = max(len(rows), 1) * ROW_H + 8
    width = LABEL_W + BAR_W + VALUE_W
    parts = []
    for index, row in enumerate(rows):
        y = 4 + index * ROW_H
        length = round(BAR_W * row.n / top, 1)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>',
                LABEL_W - 6,
                y + ROW_H / 2,
                _clip(row.label, 28),
            )
        )
        parts.append(_rect(LABEL_W, y + 3, length, ROW_H - 6, row.colour))
        parts.append(
            format_html(
                '<text x="{}" y="{}" dominant-baseline="middle">{}</text>',
                LABEL_W + length + 6,
                y + ROW_H / 2,
                number_format(row.n),
            )
        )
    axis = format_html(
        '<line x1="{0}" y1="0" x2="{0}" y2="{1}" stroke="{2}"/>', LABEL_W, height, INK
    )
    return _svg(title, width, height, [axis, *parts])


def _columns(title: str, rows: list[Row]) -> SafeString:
    """Return vertical columns, one per row (week), with the first and last label below."""
    top = max((row.n for row in rows), default=0) or 1
    width = max(len(rows), 1) * COLUMN_W + 40
    height = PLOT_H + AXIS_H
    parts = [
        format_html(
            '<text x="0" y="12">{}</text><text x="0" y="{}">0</text>',
            number_format(top),
            PLOT_H,
        )
    ]
    for index, row in enumerate(rows):
        size = round(PLOT_H * row.n / top, 1)
        x = 40 + index * COLUMN_W
        parts.append(_rect(x + 1, PLOT_H - size, COLUMN_W - 2, size, row.colour))
    if rows:
        parts.append(
            format_html(
                '<text x="40" y="{0}">{1}</text><text x="{2}" y="{0}" text-anchor="end">{3}</text>',
                PLOT_H + 22,
                rows[0].label,
                width,
                rows[-1].label if len(rows) > 1 else "",
            )
        )
    axis = format_html(
        '<line x1="38" y1="{0}" x2="{1}" y2="{0}" stroke="{2}"/>', PLOT_H + 0.5, width, INK
    )
    return _svg(title, width, height, [axis, *parts])


def _rect(x, y, width, height, colour) -> SafeString:
    # A light fill is outlined in ink, so the bar's extent keeps 3:1 against the page.
    outline = "" if contrast(colour, BACKGROUND) >= NON_TEXT_CONTRAST else INK
    return format_html(
        '<rect class="gp-bar" x="{}" y="{}" width="{}" height="{}" fill="{}"{}/>',
        x,
        y,
        width,
        height,
        colour,
        format_html(' stroke="{}" stroke-width="1"', outline) if outline else "",
    )


def _svg(title: str, width: float, height: float, parts: list[str]) -> SafeString:
    # The picture repeats the table that follows it: screen readers get the table, and the
    # picture a name (role img) rather than a string of unlabelled numbers. Its natural size in
    # attributes, no style attribute (the pages' CSP refuses inline style): workspace/charts.css
    # shrinks it to narrow screens.
    body = "".join(parts)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="gp-chart" role="img" '
        'aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'font-family="sans-serif" font-size="12" fill="{}">{}</svg>',
        _("Bar chart: %(title)s; the table below gives its numbers.") % {"title": title},
        width,
        height,
        width,
        height,
        INK,
        mark_safe(body),
    )


def sparkline(weekly: list[tuple[date, int]]) -> SafeString:
    """Return a small inline SVG of posts per week, named by its total and its range."""
    total = sum(n for _monday, n in weekly)
    if weekly:
        label = ngettext(
            "%(total)s post from the week of %(first)s to the week of %(last)s",
            "%(total)s posts from the week of %(first)s to the week of %(last)s",
            total,
        ) % {
            "total": number_format(total),
            "first": date_format(weekly[0][0], "SHORT_DATE_FORMAT"),
            "last": date_format(weekly[-1][0], "SHORT_DATE_FORMAT"),
        }
    else:
        label = _("No posts yet")
    width, height = 100, 24
    top = max((n for _monday, n in weekly), default=0) or 1
    step = width / max(len(weekly) - 1, 1)
    points = " ".join(
        f"{round(i * step, 1)},{round(height - 2 - (height - 4) * n / top, 1)}"
        for i, (_monday, n) in enumerate(weekly)
    )
    line = (
        format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5"/>', points, BAR
        )
        if len(weekly) > 1
        else ""
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="gp-sparkline" role="img" '
        'aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}">'
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>{}</svg>',
        label,
        width,
        height,
        width,
        height,
        height - 0.5,
        width,
        height - 0.5,
        INK,
        line,
    )


def contrast(colour: str, other: str) -> float:
    """Return the WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    lighter, darker = sorted((_luminance(colour), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _colour(colour: str) -> str:
    # Category.colour is checked as #rrggbb on saving; anything else is drawn in the default.
    return colour if HEX.fullmatch(colour or "") else BAR


def _share(n: int, whole: int) -> float | None:
    return round(100 * n / whole, 1) if whole else None


def _week_label(monday: date) -> str:
    return _("Week of %(date)s") % {"date": date_format(monday, "SHORT_DATE_FORMAT")}


def _total_note(total: int) -> str:
    return ngettext(
        "%(n)s published post matches the filters.",
        "%(n)s published posts match the filters.",
        total,
    ) % {"n": number_format(total)}


def _clip(text: str, size: int) -> str:
    # Long labels are cut in the picture only; the table gives them whole.
    return text if len(text) <= size else text[: size - 1] + "…"
