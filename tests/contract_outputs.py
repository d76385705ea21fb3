"""The privacy contract's catalogue of public outputs: every URL the public can ask for.

Each Output names what it is (its kind, how to decode it), its URL in the scene
(tests/contract_scene.py) and what the public must get there ("content", "empty", a 404); the
readers that fetch, decode and compare them are in tests/contract_helpers.py.
"""

from dataclasses import dataclass

from tests.contract_scene import CRS84, OGC_CRS
from tests.tile_helpers import tile_at


@dataclass(frozen=True)
class Output:
    name: str
    kind: str  # geojson, mvt, png, tiff, legend, legend-png, tilejson, html, page, photo, numbers
    path: object  # scene -> URL
    expect: str = "content"
    crs: str = CRS84
    tile: object = None  # scene -> Tile, for tile outputs
    # Feature ids that are storage rows of a computation (grid cells), not submissions.
    volatile_ids: bool = False

    def url(self, scene) -> str:
        return self.path(scene)


def _at(point: str, z: int):
    return lambda scene: tile_at(*scene.lonlat(getattr(scene, point)), z)


def _tile_output(name, kind, template, point, z, **more):
    where = _at(point, z)

    def path(scene):
        tile = where(scene)
        return template.format(slug=scene.campaign.slug, z=tile.z, x=tile.x, y=tile.y)

    return Output(name, kind, path, tile=where, **more)


def _bbox(point, half_degrees):
    def query(scene):
        lon, lat = scene.lonlat(getattr(scene, point))
        box = (lon - half_degrees, lat - half_degrees, lon + half_degrees, lat + half_degrees)
        return f"/api/campaigns/{scene.campaign.slug}/submissions/?bbox=" + ",".join(
            f"{v:.7f}" for v in box
        )

    return query


def _ogc(kind, name, crs_key, fmt, feature=None):
    crs = OGC_CRS[crs_key]

    def path(scene):
        base = f"/ogc/collections/{scene.campaign.slug}/items"
        if feature is None:
            return f"{base}?limit=100&crs={crs}&f={fmt}"
        return f"{base}/{getattr(scene, feature).pk}?crs={crs}&f={fmt}"

    expect = "404" if feature in ("pending", "rejected") else "content"
    return Output(name, kind, path, expect=expect, crs=crs)


def _heatmap(suffix, kind, **more):
    return Output(suffix, kind, lambda scene: f"/heatmaps/{scene.campaign.slug}/{suffix}", **more)


def _photo(owner, thumbnail):
    suffix = "thumbnail/" if thumbnail else ""
    name = f"{'thumbnail' if thumbnail else 'photo'}-{owner}"
    expect = "content" if owner == "photographed" else "404"
    return Output(
        name,
        "photo",
        lambda scene: f"/api/submissions/{getattr(scene, owner).pk}/photo/{suffix}",
        expect=expect,
    )


def _nearby(category, point, expect="content"):
    """The add flow's duplicate offer: posts of a category within 50 m of a place."""

    def path(scene):
        lon, lat = scene.lonlat(getattr(scene, point))
        return (
            f"/api/campaigns/{scene.campaign.slug}/submissions/nearby/"
            f"?category={category}&lon={lon:.7f}&lat={lat:.7f}"
        )

    return Output(f"nearby-{category}-at-{point}", "geojson", path, expect=expect)


def _post_page(owner, expect="content"):
    """The citizen page of one post, by the scene's row of that name."""

    def path(scene):
        return f"/c/{scene.campaign.slug}/posts/{getattr(scene, owner).pk}/"

    return Output(f"post-page-{owner}", "page", path, expect=expect)


MVT = "/tiles/{slug}/{z}/{x}/{y}.mvt"
KDE = "/heatmaps/{slug}/kde/{z}/{x}/{y}.png"
GRID = "/heatmaps/{slug}/grid/{z}/{x}/{y}.mvt"
SECTIONS = "/heatmaps/{slug}/sections/{z}/{x}/{y}.mvt"
OUTPUTS = [
    Output("api-list", "geojson", lambda s: f"/api/campaigns/{s.campaign.slug}/submissions/"),
    Output("api-list-bbox", "geojson", _bbox("public", 0.01)),
    Output("api-list-bbox-at-exact", "geojson", _bbox("exact", 0.00005), expect="empty"),
    Output("api-list-bbox-at-pending", "geojson", _bbox("pending_at", 0.00005), expect="empty"),
    Output("api-list-bbox-at-rejected", "geojson", _bbox("rejected_at", 0.00005), expect="empty"),
    _nearby("fear", "public"),
    _nearby("fear", "exact", expect="any"),
    _nearby("spot", "pending_at"),
    _nearby("spot", "rejected_at"),
    _tile_output("tile-z10-aggregated", "mvt", MVT, "public", 10),
    _tile_output("tile-z12-aggregated", "mvt", MVT, "public", 12),
    _tile_output("tile-z16-at-exact", "mvt", MVT, "exact", 16),
    _tile_output("tile-z18-at-exact", "mvt", MVT, "exact", 18, expect="any"),
    _tile_output("tile-z12-at-pending", "mvt", MVT, "pending_at", 12),
    _tile_output("tile-z16-at-pending", "mvt", MVT, "pending_at", 16),
    _tile_output("tile-z12-at-rejected", "mvt", MVT, "rejected_at", 12),
    _tile_output("tile-z16-at-rejected", "mvt", MVT, "rejected_at", 16),
    Output("tilejson", "tilejson", lambda s: f"/tiles/{s.campaign.slug}.json"),
    _heatmap("grid.json", "tilejson"),
    _heatmap("kde/legend.png", "legend-png"),
    *(_ogc("geojson", f"ogc-items-{c}-json", c, "json") for c in OGC_CRS),
    *(_ogc("html", f"ogc-items-{c}-html", c, "html") for c in OGC_CRS),
    *(_ogc("geojson", f"ogc-item-sensitive-{c}-json", c, "json", "sensitive") for c in OGC_CRS),
    *(_ogc("html", f"ogc-item-sensitive-{c}-html", c, "html", "sensitive") for c in OGC_CRS),
    _ogc("geojson", "ogc-item-pending", "crs84", "json", "pending"),
    # Filtered by public status: the pending and rejected posts are "planned" too.
    Output(
        "submissions-planned",
        "geojson",
        lambda s: f"/api/campaigns/{s.campaign.slug}/submissions/?public_status=planned",
    ),
    Output(
        "ogc-items-planned",
        "geojson",
        lambda s: f"/ogc/collections/{s.campaign.slug}/items?public_status=planned",
    ),
    Output(
        "list-page-planned", "page", lambda s: f"/c/{s.campaign.slug}/list/?public_status=planned"
    ),
    _ogc("geojson", "ogc-item-rejected", "crs84", "json", "rejected"),
    _tile_output("kde-z13", "png", KDE, "public", 13),
    _tile_output("kde-z15-at-exact", "png", KDE, "exact", 15),
    _tile_output("kde-z13-at-pending", "png", KDE, "pending_at", 13),
    _tile_output("kde-z13-at-rejected", "png", KDE, "rejected_at", 13),
    _heatmap("kde.tif", "tiff"),
    _heatmap("kde/contours.geojson", "geojson"),
    _heatmap("kde/legend.json", "legend"),
    _heatmap("grid.geojson", "geojson"),
    _heatmap("hotspots.geojson", "geojson"),
    _heatmap("clusters.geojson", "geojson"),
    # The aggregates filtered by public status and support (heatmaps.filters): the pending and
    # rejected posts are "planned" too, and k still applies after filtering.
    _heatmap("grid.geojson?public_status=received,planned&min_support=0", "geojson"),
    _heatmap("hotspots.geojson?public_status=received,planned", "geojson"),
    _heatmap("kde/legend.json?public_status=planned,received", "legend"),
    _heatmap("kde/contours.geojson?public_status=received,planned", "geojson"),
    _tile_output("grid-z14", "mvt", GRID, "public", 14, volatile_ids=True),
    _tile_output("grid-z14-at-pending", "mvt", GRID, "pending_at", 14, volatile_ids=True),
    _tile_output("grid-z14-at-rejected", "mvt", GRID, "rejected_at", 14, volatile_ids=True),
    # Ratings per section: the pending and the rejected post rate a section each.
    _heatmap("sections.geojson", "geojson"),
    _heatmap("sections.geojson?public_status=planned", "geojson"),
    _heatmap("sections.json", "tilejson"),
    _tile_output("sections-z14-at-pending", "mvt", SECTIONS, "pending_at", 14),
    _tile_output("sections-z14-at-rejected", "mvt", SECTIONS, "rejected_at", 14),
    Output("list-page", "page", lambda s: f"/c/{s.campaign.slug}/list/"),
    _post_page("sensitive"),
    _post_page("photographed"),
    _post_page("pending", expect="404"),
    _post_page("rejected", expect="404"),
    *(_photo(owner, thumb) for owner in ("photographed", "sensitive") for thumb in (0, 1)),
    *(_photo(owner, thumb) for owner in ("pending", "rejected") for thumb in (0, 1)),
    # The public results (shown early in the scene): k-suppressed counts, the city's answers.
    Output("results-page", "page", lambda s: f"/c/{s.campaign.slug}/ergebnisse/"),
    Output("results-numbers", "numbers", lambda s: f"/c/{s.campaign.slug}/ergebnisse/zahlen.json"),
    # One's own data: someone who wrote nothing gets an empty collection, whoever else wrote.
    Output("own-data-download", "geojson", lambda s: "/meine-beitraege/daten.geojson", "empty"),
]
BY_NAME = {output.name: output for output in OUTPUTS}
