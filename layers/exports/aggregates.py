"""The aggregate layers of heatmaps/ as export sources: grid, hotspots, clusters, contours.

They come as GeoDataFrames in EPSG:4326 from heatmaps' own read paths, which apply the
k-anonymity and generalisation rules; nothing here can make them finer. heatmaps (and with it
geopandas) is imported when a layer is asked for, so the submission exports stay lean.
"""

from dataclasses import dataclass

from geo_participation.errors import Rejected


@dataclass(frozen=True)
class Aggregate:
    """Grid cells, Gi* hotspot cells or DBSCAN clusters (heatmaps.selectors)."""

    name: str  # also the kind heatmaps.selectors knows it by
    description: str
    streamed = False

    def parse(self, campaign, query) -> dict:
        """Return the layer's keyword arguments; heatmaps refuses unknown or bad ones (400)."""
        from heatmaps.selectors import layer_kwargs

        return layer_kwargs(self.name, campaign, query)

    def frame(self, *, campaign, viewer, params):
        """Return the layer as a GeoDataFrame (EPSG:4326), computed or read from its store."""
        from heatmaps.selectors import LAYERS

        return LAYERS[self.name](campaign, **params)


@dataclass(frozen=True)
class Contours:
    """Kernel-density contours: one (multi)polygon per density level (heatmaps.kde_contours)."""

    name: str = "contours"
    description: str = "Areas where the kernel density reaches each level (places per km²)."
    streamed = False

    def parse(self, campaign, query) -> dict:
        """Return {"params", "levels"}: the density's parameters and the raw levels."""
        from heatmaps.kde_contours import BadLevels, parse_levels
        from heatmaps.kde_params import BadParameter, parse_params

        try:
            params = parse_params(campaign, query, extra=("levels",))
            levels = query.get("levels")
            if levels is not None:
                parse_levels(levels, 1.0)  # refused here, before any density is computed
        except (BadParameter, BadLevels) as refusal:
            raise Rejected(str(refusal), code="invalid_parameter") from None
        return {"params": params, "levels": levels}

    def frame(self, *, campaign, viewer, params):
        """Return one row per level: level, unit and the MultiPolygon (EPSG:4326)."""
        import geopandas

        from heatmaps.kde_cache import density_for
        from heatmaps.kde_contours import contour_features, parse_levels

        density = density_for(campaign=campaign, params=params["params"])
        levels = parse_levels(params["levels"], density.maximum)
        features = contour_features(density, levels)
        frame = geopandas.GeoDataFrame.from_features(features, crs="EPSG:4326")
        if frame.empty:
            frame = geopandas.GeoDataFrame({"level": [], "unit": []}, geometry=[], crs="EPSG:4326")
        frame.attrs = {"kind": "contours", "parameters": params["params"].describe()}
        return frame
