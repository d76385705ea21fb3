"""{% poll_chart question as chart %}: a tally question's bar chart (layers.workspace.charts)."""

from django import template
from django.utils.formats import number_format

from layers.workspace.charts import Row, bar_chart

register = template.Library()


@register.simple_tag
def poll_chart(question: dict):
    """Return the bar chart of one question of heatmaps.api.ballot_tally (shares in percent)."""
    if "scale" in question:
        items = [
            (str(row["value"]), row["count"], row["share"]) for row in question["scale"]["values"]
        ]
    else:
        items = [(o["label"], o["count"], o["share"]) for o in question["options"]]
    rows = [
        Row(label, count or 0, None if share is None else round(100 * share, 1))
        for label, count, share in items
    ]
    return bar_chart(f"poll-{question['key']}", question["label"], rows)


@register.filter
def percent(share) -> str:
    """Return a share of 0..1 as a percentage in the page's language ("42,5 %"), or "–"."""
    if share is None:
        return "–"
    return f"{number_format(round(100 * share, 1), 1)} %"
