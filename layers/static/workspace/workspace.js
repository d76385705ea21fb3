// The planners' analysis map (/auswertung/{slug}/): MapLibre over our own base map, and the
// analysis layers of the delivery endpoints, each fetched when its box is first ticked, with the
// page's filter in its URL (layers/workspace/maps.py makes them). A click on a post, cell or
// cluster opens its numbers; the checkboxes, form, charts and downloads need no map at all.
import { AttributionControl, Map, NavigationControl, Popup, setWorkerUrl } from "maplibre-gl";
import "gp/basemap.js";
import { markerImage } from "gp/icons.js";

setWorkerUrl(import.meta.resolve("maplibre-gl/worker"));

const config = JSON.parse(document.getElementById("ws-config").textContent);
const S = config.strings;
const status = document.getElementById("ws-status");
const PHONE = "(max-width: 45rem)";
const OUTLINE = "#1f1f1f";
// Gi* classes (hot and cold at 90, 95 and 99 % confidence): layers/registry.py's colours and
// labels, shared with the legend, the map report and the QGIS project.
const CLASSES = config.classes;
const CLUSTER = "#6a3d9a";
// Drawing order, bottom first: a layer switched on later still lands in its place.
const ORDER = ["kde", "grid", "hotspots", "contours", "sections", "clusters", "posts"];

function format(template, values = {}) {
  return template.replace(/%\((\w+)\)s/g, (_, name) => String(values[name])).replace(/%%/g, "%");
}

// MapLibre's worker fetches tiles, so their URLs must be absolute; new URL() would escape the
// braces of {z}/{x}/{y}.
function absolute(url) {
  return url.startsWith("/") ? window.location.origin + url : url;
}

function layerName(key) {
  return document.querySelector(`label[for="ws-layer-${key}"]`)?.textContent.trim() ?? key;
}

function categoryColour() {
  const pairs = Object.entries(config.markers).flatMap(([key, marker]) => [key, marker.colour]);
  return pairs.length ? ["match", ["get", "category"], ...pairs, "#4d4d4d"] : "#4d4d4d";
}

// A cell below the chosen confidence is drawn as not significant (transparent).
function shownClass(p) {
  return CLASSES.find((c) => c.hotspot === p.hotspot && c.confidence === p.confidence
    && c.confidence >= config.confidence);
}

function hotspotColour(minimum) {
  const cases = CLASSES.filter((c) => c.confidence >= minimum).flatMap((c) => [
    ["all", ["==", ["get", "hotspot"], c.hotspot], ["==", ["get", "confidence"], c.confidence]],
    c.colour,
  ]);
  return ["case", ...cases, "rgba(0, 0, 0, 0)"];
}

function maximum(data, property) {
  return Math.max(1, ...data.features.map((f) => Number(f.properties[property]) || 0));
}

// The colours (layers/registry.py, as the QGIS project draws them) spread evenly from 0 to top.
function ramp(colours, property, top) {
  const stops = colours.flatMap((colour, i) => [(top * i) / (colours.length - 1), colour]);
  return ["interpolate", ["linear"], ["get", property], ...stops];
}

// Sections by mean rating: layers/registry.py's five classes (a step from each class's lowest
// mean), grey where no mean is shown. Lines get a dark edge, so the light classes stay visible.
function sectionColour() {
  const steps = config.section_classes.flatMap((c, i) => (i ? [c.from, c.colour] : [c.colour]));
  return ["case", ["==", ["typeof", ["get", "mean"]], "number"], ["step", ["get", "mean"], ...steps], config.no_rating];
}

function sectionClass(mean) {
  if (typeof mean !== "number") return null;
  return [...config.section_classes].reverse().find((c) => mean >= c.from) ?? config.section_classes[0];
}

// The proposals lie in a part of the campaign area: the first time they are drawn, the map
// shows them all (later switches leave the view where the planner moved it).
let sectionsFitted = false;
function fitSections(collection) {
  const points = collection.features.flatMap((f) => {
    const c = f.geometry?.coordinates ?? [];
    return f.geometry?.type === "Point" ? [c] : c.flat(f.geometry?.type === "Polygon" ? 1 : 0);
  });
  if (sectionsFitted || !points.length) return;
  sectionsFitted = true;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]],
    { padding: 30, maxZoom: 16, animate: false });
}

// Each layer: how its source is made and the MapLibre layers that draw it.
const LAYERS = {
  posts: {
    geojson: true,
    layers: () => [
      { id: "posts-fill", type: "fill", filter: ["==", ["geometry-type"], "Polygon"],
        paint: { "fill-color": categoryColour(), "fill-opacity": 0.3 } },
      { id: "posts-line", type: "line", filter: ["!=", ["geometry-type"], "Point"],
        paint: { "line-color": categoryColour(), "line-width": 3 } },
      { id: "posts-icons", type: "symbol", filter: ["==", ["geometry-type"], "Point"],
        layout: { "icon-image": ["concat", "ws-", ["get", "category"]], "icon-allow-overlap": true } },
    ],
  },
  kde: {
    source: (url) => ({ type: "raster", tiles: [absolute(url)], tileSize: 256 }),
    layers: () => [{ id: "kde-raster", type: "raster", paint: { "raster-opacity": 0.8 } }],
  },
  grid: {
    geojson: true,
    layers: (data) => [
      { id: "grid-fill", type: "fill", paint: {
        "fill-color": ramp(config.grid_ramp, "count", maximum(data, "count")),
        "fill-opacity": 0.6 } },
      { id: "grid-line", type: "line", paint: { "line-color": OUTLINE, "line-width": 0.5 } },
    ],
  },
  hotspots: {
    geojson: true,
    layers: () => [
      { id: "hotspots-fill", type: "fill",
        paint: { "fill-color": hotspotColour(config.confidence), "fill-opacity": 0.75 } },
      { id: "hotspots-line", type: "line", paint: { "line-color": "#767676", "line-width": 0.5 } },
    ],
  },
  clusters: {
    geojson: true,
    layers: () => [
      { id: "clusters-fill", type: "fill", paint: { "fill-color": CLUSTER, "fill-opacity": 0.15 } },
      { id: "clusters-line", type: "line", paint: { "line-color": CLUSTER, "line-width": 2.5 } },
    ],
  },
  sections: {
    geojson: true,
    layers: () => [
      { id: "sections-fill", type: "fill", filter: ["==", ["geometry-type"], "Polygon"],
        paint: { "fill-color": sectionColour(), "fill-opacity": 0.6, "fill-outline-color": OUTLINE } },
      { id: "sections-edge", type: "line", filter: ["==", ["geometry-type"], "LineString"],
        layout: { "line-cap": "round" }, paint: { "line-color": OUTLINE, "line-width": 9 } },
      { id: "sections-line", type: "line", filter: ["==", ["geometry-type"], "LineString"],
        layout: { "line-cap": "round" }, paint: { "line-color": sectionColour(), "line-width": 6 } },
      { id: "sections-circle", type: "circle", filter: ["==", ["geometry-type"], "Point"],
        paint: { "circle-color": sectionColour(), "circle-radius": 8,
          "circle-stroke-color": OUTLINE, "circle-stroke-width": 2 } },
    ],
  },
  contours: {
    geojson: true,
    layers: (data) => [
      { id: "contours-line", type: "line", paint: {
        "line-color": ["interpolate", ["linear"], ["get", "level"], 0, "#fdae6b", maximum(data, "level"), "#7f2704"],
        "line-width": 2 } },
    ],
  },
};
// What a click may hit, top first.
const CLICKABLE = ["posts-icons", "posts-line", "posts-fill", "clusters-fill", "sections-circle",
  "sections-line", "sections-fill", "hotspots-fill", "grid-fill"];

const container = document.getElementById("ws-map");
const map = new Map({
  container,
  style: config.style,
  bounds: config.bounds,
  fitBoundsOptions: { padding: 20 },
  attributionControl: false,
  cooperativeGestures: window.matchMedia(PHONE).matches,
  // Every text MapLibre shows or announces, in the page's language (as web/js/map.js).
  locale: {
    "Map.Title": S.map_title,
    "NavigationControl.ZoomIn": S.zoom_in,
    "NavigationControl.ZoomOut": S.zoom_out,
    "NavigationControl.ResetBearing": S.reset_north,
    "AttributionControl.ToggleAttribution": S.attribution,
    "Popup.Close": S.close_popup,
    "CooperativeGesturesHandler.WindowsHelpText": S.gestures_windows,
    "CooperativeGesturesHandler.MacHelpText": S.gestures_mac,
    "CooperativeGesturesHandler.MobileHelpText": S.gestures_mobile,
  },
});
map.addControl(new NavigationControl({ showCompass: false }), "top-left");
map.addControl(new AttributionControl({ compact: true }));
map.getCanvas().setAttribute("aria-describedby", "ws-map-help");
map.setMissingStyleImageResolver((id) => {
  const marker = config.markers[id.replace(/^ws-/, "")];
  if (!marker || map.hasImage(id)) return;
  const { image, options } = markerImage(marker);
  map.addImage(id, image, options);
});
// For the browser tests and the console: the map, and the data each layer was drawn from.
const data = {};
window.gpMap = map;
window.gpWorkspace = { data, requested: {} };

function beforeId(key) {
  for (const later of ORDER.slice(ORDER.indexOf(key) + 1)) {
    const first = map.getStyle().layers.find((layer) => layer.source === later);
    if (first) return first.id;
  }
  return undefined;
}

async function fetchGeoJSON(key) {
  const url = config.urls[key];
  window.gpWorkspace.requested[key] = url;
  const response = await fetch(url, { headers: { Accept: "application/geo+json, application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || response.statusText);
  return body;
}

async function addLayer(key) {
  const spec = LAYERS[key];
  const name = layerName(key);
  status.textContent = format(S.loading, { layer: name });
  try {
    let source;
    if (spec.geojson) {
      data[key] = await fetchGeoJSON(key);
      source = { type: "geojson", data: data[key] };
    } else {
      window.gpWorkspace.requested[key] = config.urls[key];
      source = spec.source(config.urls[key]);
    }
    if (map.getSource(key)) return;
    map.addSource(key, source);
    const before = beforeId(key);
    for (const layer of spec.layers(data[key])) map.addLayer({ ...layer, source: key }, before);
    // Switched off again while it loaded.
    if (!document.getElementById(`ws-layer-${key}`)?.checked) setVisible(key, false);
    if (key === "sections") fitSections(data[key]);
    status.textContent = data[key]
      ? format(S.loaded, { layer: name, count: data[key].features.length })
      : "";
  } catch (error) {
    status.textContent = format(S.failed, { layer: name, detail: error.message });
    const box = document.getElementById(`ws-layer-${key}`);
    if (box) box.checked = false;
  }
}

// The live status follows the switches: a layer switched off (or on again, already loaded) is
// announced, and with every switch off it says so instead of the last layer's count.
function announce(key, on) {
  const name = layerName(key);
  if (on) {
    if (data[key]) status.textContent = format(S.loaded, { layer: name, count: data[key].features.length });
    return;
  }
  const anyOn = [...document.querySelectorAll("input[data-layer]")].some((box) => box.checked);
  status.textContent = anyOn ? format(S.hidden, { layer: name }) : S.nothing_shown;
}

function setVisible(key, visible) {
  if (!map.getSource(key)) {
    if (visible) addLayer(key);
    return;
  }
  for (const layer of map.getStyle().layers) {
    if (layer.source === key) map.setLayoutProperty(layer.id, "visibility", visible ? "visible" : "none");
  }
  if (!visible) popup.remove();
}

// --- Popups: the numbers of what was clicked, as text (never HTML from the data) ---

const popup = new Popup({ maxWidth: "18rem" });

function entry(list, term, value) {
  if (value === null || value === undefined || value === "") return;
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = String(value);
  list.append(dt, dd);
}

function number(value, digits) {
  // In the page's language: "8,10" and "0,002" on a German page.
  if (value === null || value === undefined) return "";
  const fixed = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return Number(value).toLocaleString(document.documentElement.lang, fixed);
}

function hotspotClass(p) {
  return shownClass(p)?.label ?? S.none;
}

function categoryCounts(list, p) {
  for (const [key, label] of Object.entries(config.categories)) {
    if (!(`count_${key}` in p)) continue;
    const value = p[`count_${key}`];
    const text = value === null ? format(S.hidden_count, { label }) : format(S.per_category, { label, count: value });
    const dd = document.createElement("dd");
    dd.textContent = text;
    list.append(dd);
  }
}

function popupContent(hit) {
  const p = hit.properties;
  const box = document.createElement("div");
  box.className = "gp-ws-popup";
  box.tabIndex = 0; // a long popup scrolls inside the map (workspace.css): reachable by keyboard
  const title = document.createElement("p");
  title.className = "gp-ws-popup-title";
  const list = document.createElement("dl");
  const source = hit.source;
  if (source === "posts") {
    title.textContent = format(S.post, { id: p.id });
    entry(list, S.category, p.category_label || config.categories[p.category] || p.category);
    entry(list, S.created, p.created ? new Date(p.created).toLocaleDateString(document.documentElement.lang) : "");
    entry(list, S.status, p.public_status_label || p.public_status);
    entry(list, S.support, p.support_count);
    box.append(title, list);
    const link = document.createElement("a");
    link.href = config.moderation.replace("{id}", encodeURIComponent(p.id));
    link.textContent = S.moderate;
    box.append(link);
    return box;
  }
  if (source === "sections") return sectionContent(p, box, title, list);
  if (source === "clusters") {
    title.textContent = format(S.cluster, { label: p.label });
    entry(list, S.members, p.members);
  } else {
    title.textContent = source === "hotspots" ? S.hotspot_cell : S.cell;
    entry(list, S.count, p.count);
  }
  entry(list, S.contributors, p.contributors);
  entry(list, S.support_sum, p.support_sum);
  if (source === "hotspots") {
    entry(list, S.class, hotspotClass(p));
    entry(list, S.z, number(p.z, 2));
    entry(list, S.p, number(p.p_sim, 3));
  }
  categoryCounts(list, p);
  box.append(title, list);
  return box;
}

// A section's numbers: its counts, its mean and colour class, and how each question was answered.
function sectionContent(p, box, title, list) {
  title.textContent = p.section ? `${p.name} – ${format(S.section, { number: p.section })}` : p.name;
  entry(list, S.ratings, p.ratings);
  entry(list, S.contributors, p.contributors);
  entry(list, S.mean, number(p.mean, 2));
  entry(list, S.rating_class, sectionClass(p.mean)?.label ?? S.no_rating);
  entry(list, S.support_sum, p.support_sum);
  box.append(title, list);
  for (const question of config.questions) {
    const counts = question.values.filter(([value]) => p[`q_${question.key}_${value}`] != null);
    if (!counts.length) continue;
    const heading = document.createElement("p");
    heading.className = "gp-ws-popup-title";
    heading.textContent = question.label;
    const answers = document.createElement("ul");
    for (const [value, label] of counts) {
      const item = document.createElement("li");
      item.textContent = format(S.answer_count, { answer: label, count: p[`q_${question.key}_${value}`] });
      answers.append(item);
    }
    box.append(heading, answers);
  }
  return box;
}

map.on("click", (event) => {
  const layers = CLICKABLE.filter(
    (id) => map.getLayer(id) && map.getLayoutProperty(id, "visibility") !== "none",
  );
  if (!layers.length) return;
  const [hit] = map.queryRenderedFeatures(event.point, { layers });
  if (!hit) return;
  popup.setLngLat(event.lngLat).setDOMContent(popupContent(hit)).addTo(map);
});

// Empty fields stay out of the URL, so a shared view names only what was chosen (the server
// reads an empty field as not given, so the form works without this too).
document.getElementById("ws-filter").addEventListener("submit", (event) => {
  for (const field of event.target.elements) {
    if (field.name && !field.value && field.tagName !== "BUTTON") field.disabled = true;
  }
});

map.once("load", () => {
  map.addSource("area", { type: "geojson", data: config.area });
  map.addLayer({ id: "area-outline", type: "line", source: "area",
    paint: { "line-color": OUTLINE, "line-width": 2, "line-dasharray": [3, 2] } });
  for (const box of document.querySelectorAll("input[data-layer]")) {
    box.addEventListener("change", () => {
      setVisible(box.dataset.layer, box.checked);
      announce(box.dataset.layer, box.checked);
    });
    if (box.checked) setVisible(box.dataset.layer, true);
  }
});
