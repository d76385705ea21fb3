// The waiting submissions on the same MapLibre set-up as the citizen map: our own static copy,
// the self-hosted base map when one is configured (its pmtiles:// protocol from gp/basemap.js),
// and each post as what it is: a point, a line or an area, at its exact place.
// The list is the page; the map only helps to see where things are. Clicking a post moves to
// its entry in the list, and "Show on the map" fits the map to an entry.
import { AttributionControl, Map, NavigationControl, setWorkerUrl } from "maplibre-gl";
import "gp/basemap.js";

setWorkerUrl(import.meta.resolve("maplibre-gl/worker"));

const CLICKABLE = ["submissions-point", "submissions-line", "submissions-fill"];
// Phones: one finger scrolls the page over the map (two move it), as on the citizen map.
const PHONE = "(max-width: 45rem)";
const container = document.getElementById("moderation-map");

function bounds(geometries) {
  let box = null;
  const visit = (coords) => {
    if (typeof coords[0] === "number") {
      const [x, y] = coords;
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)]
        : [x, y, x, y];
      return;
    }
    coords.forEach(visit);
  };
  geometries.forEach((g) => visit(g.coordinates));
  return box;
}

function geometries(source) {
  return source.data.features.map((f) => f.geometry);
}

function select(id) {
  document.querySelectorAll(".gp-item--selected").forEach((el) => el.classList.remove("gp-item--selected"));
  const item = document.getElementById(`submission-${id}`);
  if (item) {
    item.classList.add("gp-item--selected");
    item.scrollIntoView({ block: "nearest" });
    item.focus();
  }
}

function start() {
  const style = JSON.parse(document.getElementById("moderation-map-style").textContent);
  const strings = JSON.parse(document.getElementById("moderation-map-strings").textContent);
  const map = new Map({
    container,
    style,
    attributionControl: false,
    cooperativeGestures: window.matchMedia(PHONE).matches,
    locale: {
      "NavigationControl.ZoomIn": strings.zoom_in,
      "NavigationControl.ZoomOut": strings.zoom_out,
      "AttributionControl.ToggleAttribution": strings.attribution,
      "CooperativeGesturesHandler.WindowsHelpText": strings.gestures_windows,
      "CooperativeGesturesHandler.MacHelpText": strings.gestures_mac,
      "CooperativeGesturesHandler.MobileHelpText": strings.gestures_mobile,
    },
  });
  map.addControl(new NavigationControl({ showCompass: false }));
  map.addControl(new AttributionControl({ compact: true }));
  const { submissions, areas } = style.sources;
  const box = bounds([...geometries(submissions), ...geometries(areas)]);
  if (box) map.fitBounds(box, { padding: 30, maxZoom: 16, duration: 0 });
  let selected = null;
  const highlight = (id) => {
    if (selected !== null) map.setFeatureState({ source: "submissions", id: selected }, { selected: false });
    selected = id;
    map.setFeatureState({ source: "submissions", id }, { selected: true });
  };
  map.on("click", CLICKABLE, (event) => {
    const id = event.features[0].id;
    highlight(id);
    select(id);
  });
  CLICKABLE.forEach((layer) => {
    map.on("mouseenter", layer, () => { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", layer, () => { map.getCanvas().style.cursor = ""; });
  });
  document.querySelectorAll(".gp-show-on-map").forEach((button) => {
    const id = Number(button.dataset.id);
    const feature = submissions.data.features.find((f) => f.id === id);
    if (!feature) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      if (map.isStyleLoaded()) highlight(id);
      map.fitBounds(bounds([feature.geometry]), { padding: 40, maxZoom: Math.max(map.getZoom(), 15) });
      container.scrollIntoView({ block: "nearest" });
    });
  });
  map.on("load", () => { container.dataset.ready = "true"; });
  // For the browser tests: they ask the map which features it drew, and how.
  container.map = map;
}

if (container) {
  try {
    start();
  } catch (error) {
    // Without the map the list still works; say so instead of failing silently.
    container.textContent = "";
    const note = document.createElement("p");
    note.textContent = container.getAttribute("aria-label") + ": " + error.message;
    container.append(note);
  }
}
