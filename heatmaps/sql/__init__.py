"""Aggregation SQL with named parameters, read once with importlib.resources."""

from functools import cache
from importlib import resources

# The filters of heatmaps.filters on submissions "s", one fixed fragment each, chosen by which
# filters are present: an absent filter costs nothing per row. Every value is a parameter.
CONDITIONS = {
    "category": "s.category_id = ANY(%(categories)s)",
    "since": "s.created_at >= %(since)s",
    "until": "s.created_at < %(until)s",
    # One question's accepted answers are alternatives: containment of any of its documents.
    "answer": "s.answers @> ANY(%({name})s::jsonb[])",
    "public_status": "s.public_status = ANY(%(public_status)s)",
    "min_support": "s.support_count >= %(min_support)s",
}


@cache
def load(name: str) -> str:
    """Return the text of heatmaps/sql/<name>.sql."""
    return resources.files(__package__).joinpath(f"{name}.sql").read_text()


def sources() -> str:
    """Return the text of every SQL file here (what a code revision hashes)."""
    files = sorted(f for f in resources.files(__package__).iterdir() if f.name.endswith(".sql"))
    return "".join(f.read_text() for f in files)


def filter_conditions(filters, campaign) -> tuple[str, dict]:
    """Return the WHERE conditions of heatmaps.filters.Filters on "s", and their values."""
    where, values = ["TRUE"], {}
    if filters.categories is not None:
        where.append(CONDITIONS["category"])
        values["categories"] = filters.category_ids(campaign)
    for name in ("since", "until"):
        if getattr(filters, name) is not None:
            where.append(CONDITIONS[name])
            values[name] = getattr(filters, name)
    for number, answer in enumerate(filters.answers):
        name = f"answer_{number}"
        where.append(CONDITIONS["answer"].format(name=name))
        values[name] = list(answer.documents)
    if filters.public_statuses is not None:
        where.append(CONDITIONS["public_status"])
        values["public_status"] = list(filters.public_statuses)
    if filters.min_support is not None:
        where.append(CONDITIONS["min_support"])
        values["min_support"] = filters.min_support
    return " AND ".join(where), values
