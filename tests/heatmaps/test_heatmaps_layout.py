"""heatmaps/ computes and returns data; HTTP lives in layers/, which uses only heatmaps.api."""

import ast
from pathlib import Path

import heatmaps
import layers

HTTP_MODULES = ("django.http", "django.shortcuts", "django.views", "rest_framework")
# The grid tile view, the last one in heatmaps/, moves to layers/tiles at the merge.
LEAVING = set()
# layers/reports imports heatmaps.selectors until it is switched to heatmaps.api at the merge.
NOT_YET = set()
PUBLIC = ("heatmaps.api", "heatmaps.filters")


def imports(path: Path) -> set[str]:
    """Return every module a file imports (absolute names; relative ones resolved)."""
    package = ".".join(path.with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = node.module or ""
            full = f"{base}.{module}".rstrip(".") if node.level else module
            names.add(full)
            names.update(f"{full}.{alias.name}" for alias in node.names)
    return names


def files(package) -> list[Path]:
    root = Path(package.__file__).parent
    return sorted(p.relative_to(root.parent) for p in root.rglob("*.py"))


def test_no_module_under_heatmaps_speaks_http(monkeypatch):
    monkeypatch.chdir(Path(heatmaps.__file__).parent.parent)
    offenders = {
        str(path): sorted(n for n in imports(path) if n.startswith(HTTP_MODULES))
        for path in files(heatmaps)
        if str(path) not in LEAVING
    }
    assert not {path: names for path, names in offenders.items() if names}


def test_layers_use_only_the_public_api_of_heatmaps(monkeypatch):
    monkeypatch.chdir(Path(layers.__file__).parent.parent)
    offenders = {}
    for path in files(layers):
        reached = {
            n
            for n in imports(path)
            if n.startswith("heatmaps") and not n.startswith(PUBLIC) and n != "heatmaps"
        }
        if reached and str(path) not in NOT_YET:
            offenders[str(path)] = sorted(reached)
    assert not offenders
