"""Shapefile's limits: field names of at most 10 characters, and one geometry type per file."""

# dBase field names hold 10 characters; GDAL would shorten them itself, but differently with
# each new name, so the names are fitted here once and the mapping ships with the file.
MAX_FIELD_NAME = 10
LAYER_SUFFIX = {"Point": "points", "LineString": "lines", "Polygon": "polygons"}


def fitted_names(names: list[str]) -> dict[str, str]:
    """Return {name: fitted name}: at most 10 characters, unique regardless of case.

    A name that fits is kept. A longer one is cut to 10 characters; when that is taken, it is
    cut shorter and numbered (`category_1`, `category_2`, ...), in column order.
    """
    fitted: dict[str, str] = {}
    taken: set[str] = set()
    # Names that already fit are claimed first, so a short name never loses to a long one.
    for name in names:
        if len(name) <= MAX_FIELD_NAME and name.lower() not in taken:
            fitted[name] = name
            taken.add(name.lower())
    for name in names:
        if name in fitted:
            continue
        candidate = name[:MAX_FIELD_NAME]
        number = 0
        while candidate.lower() in taken:
            number += 1
            tail = f"_{number}"
            candidate = name[: MAX_FIELD_NAME - len(tail)] + tail
        fitted[name] = candidate
        taken.add(candidate.lower())
    return fitted


def field_mapping_csv(columns, fitted: dict[str, str]) -> str:
    """Return the documented mapping shipped in the zip: field,column,type,description."""
    lines = ["field,column,type,description"]
    for column in columns:
        description = str(column.description).replace('"', '""')
        lines.append(f'{fitted[column.name]},{column.name},{column.kind},"{description}"')
    return "\n".join(lines) + "\n"
