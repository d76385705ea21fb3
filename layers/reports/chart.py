"""The report's chart: one PNG (matplotlib) with the three counts, embedded as a data URI."""

import base64
import io

from django.utils.translation import gettext as _

from .figures import Figures

# Okabe-Ito blue, as the demo uses for neutral bars.
BAR = "#0072b2"


def chart_data_uri(figures: Figures) -> str:
    """Return a PNG chart of counts per category, per week and per hour as a data: URI."""
    # The object-oriented API, not pyplot: no global state, safe in a threaded web worker, and
    # the Agg canvas needs no display.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(12, 3.6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    by_category, by_week, by_hour = figure.subplots(1, 3, width_ratios=(1.2, 1.4, 1.4))
    labels = [c.label for c in figures.categories]
    by_category.barh(
        labels, [c.count for c in figures.categories], color=[c.colour for c in figures.categories]
    )
    by_category.invert_yaxis()
    by_category.set_title(_("Submissions per category"))
    weeks = [week.strftime("%d.%m.") for week, _ in figures.weeks]
    by_week.bar(weeks, [n for _, n in figures.weeks], color=BAR)
    by_week.set_title(_("Per week (starting Monday)"))
    by_week.tick_params(axis="x", labelrotation=60, labelsize=8)
    by_hour.bar(range(24), figures.hours, color=BAR)
    by_hour.set_title(_("Per hour of the day submitted"))
    by_hour.set_xticks(range(0, 24, 3))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
