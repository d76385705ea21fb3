"""Real GIS clients against a running server: GDAL's OAPIF driver and OWSLib."""

import re
import shutil
import subprocess

import pytest
from django.contrib.auth.models import AnonymousUser
from owslib.ogcapi.features import Features

from geo_participation.submissions.models import Submission
from geo_participation.submissions.selectors import parse_bbox, submission_list

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "x-test-password-1"
needs_ogrinfo = pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL missing")


@pytest.fixture
def published(make_campaign, make_category, make_submission):
    """Two campaigns: 23 approved points in one (plus pending and rejected), 2 in the other."""
    fear = make_campaign("fear")
    make_category(fear, "spot")
    make_category(fear, "hidden", sensitive=True)
    for i in range(23):
        lon, lat = 7.705 + (i % 6) * 0.025, 49.405 + (i // 6) * 0.02
        make_submission(fear, category="hidden" if i % 5 == 0 else "spot", coordinates=[lon, lat])
    make_submission(fear, status="pending")
    make_submission(fear, status="rejected")
    heat = make_campaign("heat")
    make_category(heat, "spot")
    make_submission(heat)
    make_submission(heat)
    return {"fear": fear, "heat": heat}


def approved_count(campaign):
    return Submission.objects.filter(campaign=campaign, status="approved").count()


def ogrinfo(*args):
    """Run ogrinfo and return its standard output."""
    result = subprocess.run(
        ["ogrinfo", "-ro", *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@needs_ogrinfo
def test_gdal_lists_one_layer_per_campaign(live_server, published):
    out = ogrinfo("-so", f"OAPIF:{live_server.url}/ogc/")
    layers = re.findall(r"^\d+: (\S+)", out, flags=re.MULTILINE)
    assert sorted(layers) == ["fear", "heat"]


@needs_ogrinfo
def test_gdal_reads_every_approved_feature_paging_through_next_links(live_server, published):
    fear = published["fear"]
    out = ogrinfo(
        "-al", "-q", "-oo", "PAGE_SIZE=7", f"OAPIF:{live_server.url}/ogc/collections/fear"
    )
    ids = [int(i) for i in re.findall(r"^OGRFeature\(fear\):(\d+)", out, flags=re.MULTILINE)]
    assert len(ids) == approved_count(fear) == 23
    assert set(ids) == set(
        Submission.objects.filter(campaign=fear, status="approved").values_list("id", flat=True)
    )
    summary = ogrinfo("-so", f"OAPIF:{live_server.url}/ogc/collections/fear", "fear")
    assert "Feature Count: 23" in summary
    assert "Geometry: Point" in summary


@needs_ogrinfo
def test_gdal_with_a_planners_basic_credentials_reads_sensitive_places_exactly(
    live_server, published, make_user
):
    make_user("planner", "planners")
    url = f"OAPIF:{live_server.url}/ogc/collections/fear"
    public = ogrinfo("-al", "-q", "-oo", "PAGE_SIZE=50", url)
    planner = ogrinfo("-al", "-q", "-oo", "PAGE_SIZE=50", "-oo", f"USERPWD=planner:{PASSWORD}", url)
    generalised = re.compile(r"generalised \(Integer\(Boolean\)\) = 1")
    assert len(generalised.findall(public)) == 5
    assert generalised.findall(planner) == []
    assert planner.count("OGRFeature(fear):") == public.count("OGRFeature(fear):") == 23


@needs_ogrinfo
def test_gdal_spatial_filter_is_sent_as_bbox(live_server, published):
    box = (7.70, 49.40, 7.76, 49.44)
    out = ogrinfo(
        "-al",
        "-q",
        "-spat",
        *map(str, box),
        "-oo",
        "PAGE_SIZE=4",
        f"OAPIF:{live_server.url}/ogc/collections/fear",
    )
    got = len(re.findall(r"^OGRFeature\(fear\):", out, flags=re.MULTILINE))
    # Sensitive places match at their published (generalised) position, as the selector says.
    expected = submission_list(
        campaign=published["fear"],
        viewer=AnonymousUser(),
        client_id=None,
        bbox=parse_bbox(",".join(map(str, box))),
        own_pending=False,
    ).count()
    assert got == expected > 0


def test_owslib_lists_collections_and_counts_items(live_server, published):
    api = Features(f"{live_server.url}/ogc/")
    assert sorted(api.feature_collections()) == ["fear", "heat"]
    assert {c["id"] for c in api.collections()["collections"]} == {"fear", "heat"}
    assert (
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
        in (api.conformance()["conformsTo"])
    )
    assert api.api()["openapi"].startswith("3.0")
    fear = api.collection_items("fear", limit=100)
    assert fear["numberMatched"] == len(fear["features"]) == approved_count(published["fear"])
    heat = api.collection_items("heat", limit=1)
    assert heat["numberMatched"] == 2 and len(heat["features"]) == 1
    last = api.collection_items("fear", limit=5, offset=20)
    assert len(last["features"]) == 3
    one = api.collection_item("fear", str(fear["features"][0]["id"]))
    assert one["id"] == fear["features"][0]["id"]
