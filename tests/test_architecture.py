"""The layout keeps its promises: imports flow one way, no sub-package cycles, one home per rule."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("geo_participation", "heatmaps", "layers")
# Imports may flow only down this list: layers -> heatmaps -> geo_participation.
ORDER = {name: rank for rank, name in enumerate(PACKAGES)}


def modules():
    """Yield (dotted name, path) of every application module, migrations aside."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def imported(name: str, path: Path) -> set[str]:
    """Return the dotted names a module imports (relative imports resolved)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def unit(name: str) -> str:
    """Return the sub-package (or top-level module) a dotted name belongs to."""
    parts = name.split(".")
    if len(parts) > 1 and (ROOT / parts[0] / parts[1]).is_dir():
        return ".".join(parts[:2])
    return parts[0] if len(parts) == 1 else ".".join(parts[:2])


def graph() -> dict[str, set[str]]:
    """Return which sub-package imports which, among the application's."""
    edges: dict[str, set[str]] = {}
    for name, path in modules():
        source = unit(name)
        for target in imported(name, path):
            if target.split(".")[0] in PACKAGES and unit(target) != source:
                edges.setdefault(source, set()).add(unit(target))
    return edges


def test_imports_flow_from_layers_to_heatmaps_to_geo_participation():
    wrong = {
        (source, target)
        for source, targets in graph().items()
        for target in targets
        if ORDER[source.split(".")[0]] < ORDER[target.split(".")[0]]
    }
    assert not wrong


def test_no_sub_package_imports_one_that_imports_it_back():
    edges = graph()

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            for nxt in edges.get(node, ()):
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    cycles = {tuple(sorted((a, b))) for a, bs in edges.items() for b in bs if reaches(b, a)}
    assert not cycles


def code_files(*suffixes):
    """Yield application files with these suffixes, migrations aside."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            if path.suffix in suffixes and "migrations" not in path.parts:
                yield path


def test_the_public_position_rule_is_written_in_one_migration():
    # Its SQL text (the snapping) appears in one migration and nowhere in the code, which
    # calls gp_public_geom / gp_public_point by name.
    snapping = re.compile(r"ST_SnapToGrid\s*\(", re.IGNORECASE)
    in_code = [p for p in code_files(".py", ".sql") if snapping.search(p.read_text())]
    migrations = [
        p
        for package in PACKAGES
        for p in (ROOT / package).rglob("migrations/*.py")
        if snapping.search(p.read_text())
    ]
    assert in_code == []
    assert [p.name for p in migrations] == ["0003_tile_cells.py"]


@pytest.mark.parametrize(
    ("caller", "call"),
    [
        ("layers/tiles/sql.py", "gp_public_geom("),
        ("heatmaps/kde/sql.py", "gp_public_point("),
        ("heatmaps/sql/points.sql", "gp_public_point("),
        ("geo_participation/submissions/selectors.py", "PublicGeom("),
    ],
)
def test_every_public_output_calls_the_rule_by_name(caller, call):
    assert call in (ROOT / caller).read_text()


def test_no_http_under_heatmaps():
    http = ("django.http", "django.shortcuts", "django.views", "django.urls", "rest_framework")
    offenders = {
        name: sorted(i for i in imported(name, path) if i.startswith(http))
        for name, path in modules()
        if name.startswith("heatmaps")
    }
    assert not {name: found for name, found in offenders.items() if found}
