// The public results map (/c/{slug}/ergebnisse/): MapLibre over our own base map, the density
// of the non-sensitive categories as PNG tiles and the k-suppressed grid cells of the
// sensitive ones (layers/results/maps.py makes the URLs). No single post is drawn.
import { AttributionControl, Map, NavigationControl, setWorkerUrl } from "maplibre-gl";
import "gp/basemap.js";

setWorkerUrl(import.meta.resolve("maplibre-gl/worker"));

const config = JSON.parse(document.getElementById("gp-results-config").textContent);
const S = config.strings;
const PHONE = "(max-width: 45rem)";
const OUTLINE = "#1f1f1f";

// MapLibre's worker fetches tiles, so their URLs must be absolute; new URL() would escape the
// braces of {z}/{x}/{y}.
function absolute(url) {
  return url.startsWith("/") ? window.location.origin + url : url;
}

function maximum(data, property) {
  return Math.max(1, ...data.features.map((f) => Number(f.properties[property]) || 0));
}

// The grid ramp (layers/registry.py) spread evenly from 0 to the largest count.
function ramp(colours, property, top) {
  const stops = colours.flatMap((colour, i) => [(top * i) / (colours.length - 1), colour]);
  return ["interpolate", ["linear"], ["get", property], ...stops];
}

const map = new Map({
  container: "gp-results-map",
  style: config.style,
  bounds: config.bounds,
  fitBoundsOptions: { padding: 20 },
  attributionControl: false,
  cooperativeGestures: window.matchMedia(PHONE).matches,
  locale: {
    "Map.Title": S.map_title,
    "NavigationControl.ZoomIn": S.zoom_in,
    "NavigationControl.ZoomOut": S.zoom_out,
    "NavigationControl.ResetBearing": S.reset_north,
    "AttributionControl.ToggleAttribution": S.attribution,
    "CooperativeGesturesHandler.WindowsHelpText": S.gestures_windows,
    "CooperativeGesturesHandler.MacHelpText": S.gestures_mac,
    "CooperativeGesturesHandler.MobileHelpText": S.gestures_mobile,
  },
});
map.addControl(new NavigationControl({ showCompass: false }), "top-left");
map.addControl(new AttributionControl({ compact: true }));
map.getCanvas().setAttribute("aria-describedby", "gp-results-map-help");
// For the browser tests: the map and the data each layer was drawn from.
const drawn = {};
window.gpMap = map;
window.gpResults = { drawn };

function failed() {
  const box = document.getElementById("gp-results-map-error");
  box.textContent = S.failed;
  box.hidden = false;
}

async function addGrid(url) {
  const response = await fetch(url, { headers: { Accept: "application/geo+json" } });
  if (!response.ok) throw new Error(response.statusText);
  const data = await response.json();
  drawn.grid = data;
  map.addSource("grid", { type: "geojson", data });
  map.addLayer({ id: "grid-fill", type: "fill", source: "grid", paint: {
    "fill-color": ramp(config.grid_ramp, "count", maximum(data, "count")), "fill-opacity": 0.6 } });
  map.addLayer({ id: "grid-line", type: "line", source: "grid",
    paint: { "line-color": OUTLINE, "line-width": 0.5 } });
}

map.on("load", async () => {
  for (const layer of config.layers) {
    try {
      if (layer.key === "density") {
        map.addSource("density", { type: "raster", tiles: [absolute(layer.url)], tileSize: 256 });
        map.addLayer({ id: "density", type: "raster", source: "density", paint: { "raster-opacity": 0.8 } });
        drawn.density = layer.url;
      } else {
        await addGrid(layer.url);
      }
    } catch {
      failed();
    }
  }
  map.addSource("area", { type: "geojson", data: config.area });
  map.addLayer({ id: "area-outline", type: "line", source: "area",
    paint: { "line-color": OUTLINE, "line-width": 2, "line-dasharray": [3, 2] } });
  window.gpResults.ready = true;
});
