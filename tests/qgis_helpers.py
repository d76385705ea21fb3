"""Open a .qgs in QGIS itself: Debian's python3-qgis (QGIS 3.22), headless, in a subprocess.

QGIS runs under Debian's /usr/bin/python3, never in our virtualenv, so the tests call a small
script and read back JSON: per layer its name, provider, validity, feature count, the features
QGIS actually reads, CRS and style. `make test` installs it (scripts/setup.sh qgis) and sets
GP_REQUIRE_BROWSER=1: then a missing QGIS fails these tests instead of skipping them.
"""

import json
import os
import subprocess
import tempfile

import pytest

from tests import web_browser

SYSTEM_PYTHON = "/usr/bin/python3"

SCRIPT = r"""
import json, sys
from qgis.core import (Qgis, QgsApplication, QgsProject, QgsCategorizedSymbolRenderer,
                       QgsGraduatedSymbolRenderer)

app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
read = project.read(sys.argv[1])
layers = []
for node in project.layerTreeRoot().findLayers():
    layer = node.layer()
    if layer is None:  # QGIS could not even make the layer
        layers.append({"name": node.name(), "valid": False, "source": None})
        continue
    # Reading every feature first: that is what QGIS draws, and what counts are made of.
    features = sum(1 for _ in layer.getFeatures()) if layer.isValid() else None
    renderer = layer.renderer()
    style = {"type": renderer.type() if renderer else None}
    if isinstance(renderer, QgsCategorizedSymbolRenderer):
        style["attribute"] = renderer.classAttribute()
        style["categories"] = [
            {"value": c.value(), "label": c.label(), "colour": c.symbol().color().name()}
            for c in renderer.categories()
        ]
    if isinstance(renderer, QgsGraduatedSymbolRenderer):
        style["attribute"] = renderer.classAttribute()
        style["ranges"] = [[r.lowerValue(), r.upperValue()] for r in renderer.ranges()]
    layers.append({
        "name": layer.name(),
        "provider": layer.providerType(),
        "valid": layer.isValid(),
        "featureCount": layer.featureCount(),
        "features": features,
        "crs": layer.crs().authid(),
        "source": layer.source(),
        "subset": layer.subsetString(),
        "style": style,
    })
print(json.dumps({"version": Qgis.version(), "read": read, "crs": project.crs().authid(),
                  "layers": layers}))
app.exitQgis()
"""


def qgis_present() -> bool:
    """Return whether Debian's python3-qgis can be imported."""
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, timeout=60, check=False
    )
    return probe.returncode == 0


def requires_qgis():
    """Skip without python3-qgis, unless GP_REQUIRE_BROWSER=1: then the test runs and fails."""
    if qgis_present():
        return pytest.mark.skipif(False, reason="")
    if web_browser.REQUIRE_BROWSER:
        return pytest.mark.usefixtures("qgis_required")
    return pytest.mark.skipif(True, reason="python3-qgis missing (scripts/setup.sh qgis)")


def fail_missing_qgis():
    """The body of the qgis_required fixture (tests/conftest.py)."""
    pytest.fail("GP_REQUIRE_BROWSER=1 but python3-qgis is missing (run scripts/setup.sh qgis)")


def open_project(path) -> dict:
    """Return what QGIS (headless) makes of a project file: the project and each layer."""
    # No display: Qt's offscreen platform, and a private runtime directory as Qt wants one.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": tempfile.mkdtemp()}
    result = subprocess.run(
        [SYSTEM_PYTHON, "-c", SCRIPT, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
