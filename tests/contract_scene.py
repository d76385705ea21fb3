"""The privacy contract's scene: a campaign with published, pending, rejected and sensitive
places laid out so that any leak would change some public output."""

import math
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.contrib.gis.geos import LineString, Point
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import F
from django.utils import timezone
from pyproj import Geod, Transformer

from geo_participation.campaigns.models import Campaign
from geo_participation.places.keys import search_key
from geo_participation.places.models import Place
from geo_participation.references.models import ReferenceFeature, ReferenceLayer
from geo_participation.submissions.models import Submission
from geo_participation.submissions.near import refresh_near
from geo_participation.submissions.photos.models import Photo
from layers.registry import SUBMISSIONS
from tests.aggregate_helpers import lonlat_to_mercator
from tests.conftest import AREA
from tests.photo_helpers import image_bytes
from tests.tile_helpers import lonlat, tile_at

CELL_M = 250.0
# OGC API Features output CRSs; test_privacy_contract checks the collection offers no other.
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
OGC_CRS = {
    "crs84": CRS84,
    "epsg4326": "http://www.opengis.net/def/crs/EPSG/0/4326",
    "epsg25832": "http://www.opengis.net/def/crs/EPSG/0/25832",
}
# Members that name the computation rather than the data (a version, a run, a clock).
VOLATILE = {"timeStamp", "run", "published_version", "exported_at"}
NEAR_M = 1.0
GEOD = Geod(ellps="WGS84")
WEB_MERCATOR = Transformer.from_crs("EPSG:3857", "OGC:CRS84", always_xy=True)


@dataclass
class Scene:
    """The campaign and where everything is (EPSG:3857 x, y; lon/lat via .lonlat())."""

    campaign: Campaign
    exact: tuple  # P0, the sensitive place's stored position
    moved: tuple  # P1, in the same privacy cell
    public: tuple  # C, the centre of that cell
    pending_at: tuple
    rejected_at: tuple
    sensitive: Submission
    pending: Submission
    rejected: Submission
    photographed: Submission  # an approved, reviewed, non-sensitive place with a photo

    @staticmethod
    def lonlat(xy) -> tuple:
        return tuple(lonlat(*xy))

    def forbidden(self) -> dict:
        """Return the positions no public output may come within NEAR_M of."""
        return {
            "exact sensitive position": self.lonlat(self.exact),
            "pending position": self.lonlat(self.pending_at),
            "rejected position": self.lonlat(self.rejected_at),
        }


def _hexagon(i, j, size):
    """Return the centre of flat-topped hexagon (i, j) of ST_HexagonGrid(size)."""
    return 1.5 * size * i, math.sqrt(3) * size * (j + (i & 1) / 2)


def _hexagon_near(x, y, size):
    i = round(x / (1.5 * size))
    return i, round(y / (math.sqrt(3) * size) - (i & 1) / 2)


def z12_row(y) -> int:
    """Return the row of aggregated z12 tile cells holding an EPSG:3857 northing."""
    tile = tile_at(*lonlat(0, y), 12)
    return math.floor((tile.ymax - y) / (tile.size / SUBMISSIONS.aggregate_cells))


def sensitive_layout(campaign) -> tuple:
    """Return P0, P1, C and the lower hexagon (i, j): P0 below its top edge, P1 above it."""
    g, metre = campaign.sensitive_grid_3857, campaign.mercator_scale()
    size, step = CELL_M * metre, 10 * metre
    i0, j0 = _hexagon_near(*lonlat_to_mercator(7.77, 49.44), size)
    for di, dj in sorted(np.ndindex(7, 7), key=lambda d: abs(d[0] - 3) + abs(d[1] - 3)):
        i, j = i0 + di - 3, j0 + dj - 3
        cx, cy = _hexagon(i, j, size)
        edge = cy + math.sqrt(3) * size / 2  # the top edge, shared with hexagon (i, j + 1)
        centre = (round(cx / g) * g, round(edge / g) * g)
        # 10 m of margin to the privacy cell's edges; a z12 cell row boundary between P0, P1.
        if abs(edge - centre[1]) > g / 2 - step - 10 * metre:
            continue
        if z12_row(edge - step) == z12_row(edge + step):
            continue
        # Away from the column of places on the hexagons' axis (x = cx): the exact position is
        # then a corner of their DBSCAN cluster's hull, where C is for the public.
        x = centre[0] + (2 * step if centre[0] > cx else -2 * step)
        return (x, edge - step), (x, edge + step), centre, (i, j)
    raise AssertionError("no hexagon edge near the campaign centre fits the layout")


def _store(campaign, category, xy, n, status="approved", **fields):
    if status == "rejected":
        fields.setdefault("moderation_reason", "off topic")
    if status == "approved":
        fields.setdefault("moderated_at", timezone.now())
    return Submission.objects.create(
        campaign=campaign,
        category=campaign.categories.get(key=category),
        geom=Point(*lonlat(*xy), srid=4326),
        status=status,
        client_id=f"contract-{n}",
        **fields,
    )


def _attach_photo(submission):
    names = [
        default_storage.save(f"photos/c{submission.pk}{s}.jpg", ContentFile(image_bytes("JPEG")))
        for s in ("", "_thumb")
    ]
    Photo.objects.create(
        submission=submission,
        image=names[0],
        thumbnail=names[1],
        format="JPEG",
        width=120,
        height=80,
    )


def contract_campaign() -> Campaign:
    """Return a new open campaign with a "spot" and a sensitive "fear" point category."""
    now = timezone.now()
    campaign = Campaign.objects.create(
        slug="contract",
        title="Contract",
        area=AREA,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        # Its public results (/c/{slug}/ergebnisse/) are shown while open, so they are checked.
        results_early=True,
        results_summary="Danke.",
    )
    for key, sensitive in (("spot", False), ("fear", True)):
        campaign.categories.create(
            key=key, label=key.title(), geometry_kind="point", sensitive=sensitive
        )
    return campaign


# A draft campaign's names: no public output may hold either (test_privacy_contract).
DRAFT_SLUG = "geheimer-entwurf"
DRAFT_TITLE = "Geheimer Entwurf"


def draft_scene() -> Scene:
    """Return a scene in a draft campaign (never public) with one approved post in it.

    The post is stored directly, as only the database could hold it (intake refuses drafts);
    every position and row of the scene is that post, so each output's URL names the draft.
    """
    now = timezone.now()
    draft = Campaign.objects.create(
        slug=DRAFT_SLUG,
        title_de=DRAFT_TITLE,
        title_en=DRAFT_TITLE,
        area=AREA,
        opens_at=now - timedelta(days=1),
        draft=True,
    )
    draft.categories.create(key="spot", label="Spot", geometry_kind="point")
    draft.categories.create(key="fear", label="Fear", geometry_kind="point", sensitive=True)
    xy = lonlat_to_mercator(7.77, 49.44)
    post = _store(draft, "spot", xy, 0, comment=DRAFT_TITLE)
    return Scene(draft, xy, xy, xy, xy, xy, post, post, post, post)


def _address(name, xy) -> None:
    point = Point(*lonlat(*xy), srid=4326)
    Place.objects.create(
        name=name, kind="address", label=name, key=search_key(name), geom=point, point=point
    )


def _respond(answered, sensitive, pending, rejected) -> None:
    """Give published posts a status and an answer, and the unpublished ones too (stored
    directly, as a post answered and then rejected keeps them): if the latter reached any
    public output, deleting them would change it."""
    Submission.objects.filter(pk=answered.pk).update(
        public_status="planned", answer="Kommt 2027.", responded_at=timezone.now()
    )
    Submission.objects.filter(pk=sensitive.pk).update(
        public_status="in_review", answer="Wird geprüft."
    )
    for row in (pending, rejected):
        Submission.objects.filter(pk=row.pk).update(
            public_status="planned", answer=f"{row.status} answer", responded_at=timezone.now()
        )


def _rate_sections(campaign, beside, unpublished) -> None:
    """Make the places beside the pending and rejected spots ratings of a section 100 m south.

    The pending post rates the section of four published ratings (a leak: five); the rejected
    post rates one of two (a leak: three contributors, so its numbers would be shown).
    """
    metre = campaign.mercator_scale()
    layer = ReferenceLayer.objects.create(campaign=campaign, name="Straßen", kind="line")
    for n, (((sx, sy), four), post) in enumerate(zip(beside, unpublished, strict=True)):
        ends = [lonlat(sx + dx * metre, sy - 100 * metre) for dx in (-100, 100)]
        section = ReferenceFeature.objects.create(
            layer=layer,
            campaign=campaign,
            name=f"Abschnitt {n + 1}",
            section=n + 1,
            geom=LineString(*ends, srid=4326),
            position=n,
        )
        raters = four if n == 0 else four[:2]
        Submission.objects.filter(pk__in=[p.pk for p in (*raters, post)]).update(reference=section)


def _rate_near_sensitive(campaign, sensitive, exact, moved) -> None:
    """Make the sensitive place a rating of a section 10 m beside P0; one 10 m beside P1 waits.

    Moving the place (test_privacy_contract) moves its rating to the other section too: a
    public output naming the rated section would then change (the section locates the place).
    """
    metre = campaign.mercator_scale()
    layer = ReferenceLayer.objects.create(campaign=campaign, name="Wege", kind="line")
    for n, (x, y) in enumerate((exact, moved)):
        ends = [lonlat(x + dx * metre, y - 10 * metre) for dx in (-30, 30)]
        section = ReferenceFeature.objects.create(
            layer=layer,
            campaign=campaign,
            name=SENSITIVE_SECTIONS[n],
            geom=LineString(*ends, srid=4326),
            position=n,
        )
        if n == 0:
            Submission.objects.filter(pk=sensitive.pk).update(reference=section)


# The sections beside P0 (rated by the sensitive place) and beside P1.
SENSITIVE_SECTIONS = ("Angstweg Süd", "Angstweg Nord")


def build_scene(campaign) -> Scene:
    """Store the scene's submissions and photos in a campaign with "spot" and "fear" (sensitive)."""
    metre = campaign.mercator_scale()
    size = CELL_M * metre
    exact, moved, public, (i, j) = sensitive_layout(campaign)
    # A house 3 m beyond P0 and another 3 m beyond P1 (which are 20 m apart): a `near` named
    # from the exact position would change when the place moves from P0 to P1.
    _address("Angstweg 1", (exact[0], exact[1] - 3 * metre))
    _address("Angstweg 2", (moved[0], moved[1] + 3 * metre))
    made = iter(range(1000))
    approved = []
    for ci, cj in ((i, j), (i, j + 1)):
        cx, cy = _hexagon(ci, cj, size)
        for dx, dy in ((0, 0), (40, 0), (-40, 0), (0, 40), (0, -40)):
            approved.append(
                _store(campaign, "spot", (cx + dx * metre, cy + dy * metre), next(made))
            )
    cx, edge = _hexagon(i, j, size)[0], exact[1] + 10 * metre
    for dy in (-90, -60, -30, 30, 60, 90):
        approved.append(_store(campaign, "spot", (cx, edge + dy * metre), next(made)))
    sensitive = _store(campaign, "fear", exact, next(made), comment="where it happened")
    spots, beside = [], []
    for lon, lat, status in ((7.72, 49.415, "pending"), (7.82, 49.465, "rejected")):
        sx, sy = _hexagon(*_hexagon_near(*lonlat_to_mercator(lon, lat), size), size)
        four = [
            _store(campaign, "spot", (sx + dx * metre, sy + dy * metre), next(made))
            for dx, dy in ((15, 15), (15, -15), (-15, 15), (-15, -15))
        ]
        approved += four
        beside.append(((sx, sy), four))
        at = (sx, sy + 45 * metre)
        spots.append((at, _store(campaign, "spot", at, next(made), status=status, comment=status)))
    (pending_at, pending), (rejected_at, rejected) = spots
    _rate_sections(campaign, beside, (pending, rejected))
    _rate_near_sensitive(campaign, sensitive, exact, moved)
    _respond(approved[1], sensitive, pending, rejected)
    for row in (approved[0], sensitive, pending, rejected):
        _attach_photo(row)
    refresh_near()  # stored directly above, not through submission_create
    return Scene(
        campaign=campaign,
        exact=exact,
        moved=moved,
        public=public,
        pending_at=pending_at,
        rejected_at=rejected_at,
        sensitive=sensitive,
        pending=pending,
        rejected=rejected,
        photographed=approved[0],
    )


def hexagon_of(xy, size) -> tuple:
    """Return (i, j) of the ST_HexagonGrid cell holding an EPSG:3857 position, per PostGIS."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT g.i, g.j FROM (SELECT ST_SetSRID(ST_Point(%s, %s), 3857) AS p) q,"
            " ST_HexagonGrid(%s, ST_Expand(q.p, %s)) g WHERE ST_Intersects(g.geom, q.p)",
            [*xy, size, size],
        )
        return cursor.fetchone()


def forget_caches() -> None:
    """Empty Django's cache and every local-memory cache the code keeps in front of it."""
    cache.clear()
    # Every LocMemCache instance, wherever the code keeps one, stores its entries here by name.
    for entries in (*locmem._caches.values(), *locmem._expire_info.values()):
        entries.clear()


def forget_computed(campaign) -> None:
    """Drop every stored answer, so the next request computes from the rows as they are now."""
    forget_caches()
    # Results stored per published version (aggregate runs, tiles, counts) are recomputed.
    Campaign.objects.filter(pk=campaign.pk).update(published_version=F("published_version") + 1)


# The public outputs. Each names its URL (from the scene), how to read it, and what it must
# hold: "content" (a non-empty answer: the test cannot pass vacuously), "empty" or "404".
