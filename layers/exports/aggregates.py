"""The aggregate layers of heatmaps/ as export sources: grid, hotspots, clusters, contours and
the ratings per section.

They come as GeoDataFrames in EPSG:4326 from heatmaps.api, whose read paths apply the
k-anonymity and generalisation rules; nothing here can make them finer. heatmaps (and with it
geopandas) is imported when a layer is asked for, so the submission exports stay lean.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Aggregate:
    """Grid cells, Gi* hotspot cells or DBSCAN clusters (heatmaps.api.LAYERS), computed whole."""

    name: str  # also the kind heatmaps.api knows it by
    description: str
    streamed = False

    def parse(self, campaign, query) -> dict:
        """Return the layer's keyword arguments; heatmaps refuses unknown or bad ones (400)."""
        from heatmaps import api

        return api.layer_kwargs(self.name, campaign, query)

    def frame(self, *, campaign, viewer, params):
        """Return the layer as a GeoDataFrame (EPSG:4326), computed or read from its store."""
        from heatmaps import api

        return api.LAYERS[self.name](campaign, **params)


class Contours(Aggregate):
    """Kernel-density contours: one (multi)polygon per density level, drawn from the density."""

    def parse(self, campaign, query) -> dict:
        """Return {"params", "levels"}: the density's parameters and the raw levels."""
        from heatmaps import api

        params = api.density_params(campaign, query, levels=True)
        return {"params": params, "levels": query.get("levels")}

    def frame(self, *, campaign, viewer, params):
        """Return one row per level: level, unit and the MultiPolygon (EPSG:4326)."""
        import geopandas

        from heatmaps import api

        density = api.density(campaign, params["params"])
        levels = api.contour_levels(params["levels"], density.maximum)
        features = api.density_contours(density, levels)
        frame = geopandas.GeoDataFrame.from_features(features, crs="EPSG:4326")
        if frame.empty:
            frame = geopandas.GeoDataFrame({"level": [], "unit": []}, geometry=[], crs="EPSG:4326")
        frame.attrs = {"kind": "contours", "parameters": params["params"].describe()}
        return frame


class Sections(Aggregate):
    """Every section of the campaign's reference layers with its rating numbers."""

    def parse(self, campaign, query):
        """Return the filters of heatmaps.filters; any other parameter is refused (400)."""
        from heatmaps import api

        return api.section_filters(campaign, query)

    def frame(self, *, campaign, viewer, params):
        """Return the sections (EPSG:4326): planners get every number, others k-suppressed."""
        from geo_participation.accounts.roles import is_planner
        from heatmaps import api

        frame = api.section_layer(campaign, params, exact=is_planner(viewer))
        # What each column means, for the Shapefile's fields.csv, in the request's language.
        frame.attrs["descriptions"] = {
            name: text for name, _kind, text in api.section_columns(campaign, params)
        }
        return frame
