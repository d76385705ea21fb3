// The area page's map: the stored area on the base map (MapLibre, our own copy), and terra-draw
// to draw a new one. What is drawn goes into the form's hidden "drawn" field as GeoJSON; the
// server checks it like an uploaded file (campaigns/setup/area.py).
import { AttributionControl, Map, NavigationControl, setWorkerUrl } from "maplibre-gl";
import "gp/basemap.js";

setWorkerUrl(import.meta.resolve("maplibre-gl/worker"));

const config = JSON.parse(document.getElementById("gp-area-config").textContent);
const strings = JSON.parse(document.getElementById("gp-draw-strings").textContent);
const field = document.getElementById("id_drawn");
const start = document.getElementById("gp-draw-start");
const clear = document.getElementById("gp-draw-clear");
const state = document.getElementById("gp-draw-state");

const map = new Map({
  container: "gp-area-map",
  style: config.style,
  center: config.center,
  zoom: 11,
  attributionControl: false,
  cooperativeGestures: window.matchMedia("(max-width: 45rem)").matches,
  locale: {
    "Map.Title": config.strings.map_title,
    "NavigationControl.ZoomIn": config.strings.zoom_in,
    "NavigationControl.ZoomOut": config.strings.zoom_out,
    "AttributionControl.ToggleAttribution": config.strings.attribution,
    "CooperativeGesturesHandler.WindowsHelpText": config.strings.gestures_windows,
    "CooperativeGesturesHandler.MacHelpText": config.strings.gestures_mac,
    "CooperativeGesturesHandler.MobileHelpText": config.strings.gestures_mobile,
  },
});
map.addControl(new NavigationControl({ showCompass: false }), "top-left");
map.addControl(new AttributionControl({ compact: true }));
if (config.bounds) map.fitBounds(config.bounds, { padding: 20, duration: 0 });

function polygons(draw) {
  return draw.getSnapshot().filter((f) => f.geometry.type === "Polygon" && !f.properties.currentlyDrawing);
}

function remember(draw) {
  const features = polygons(draw);
  field.value = features.length ? JSON.stringify({ type: "FeatureCollection", features }) : "";
  clear.disabled = !features.length;
  state.textContent = features.length ? strings.drawn.replace("%(count)s", features.length) : "";
}

map.once("load", async () => {
  const [{ TerraDraw, TerraDrawPolygonMode }, { TerraDrawMapLibreGLAdapter }] = await Promise.all([
    import("terra-draw"),
    import("terra-draw-maplibre-gl-adapter"),
  ]);
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map }),
    modes: [new TerraDrawPolygonMode()],
  });
  draw.start();
  draw.on("finish", () => {
    remember(draw);
    draw.setMode("static");
    start.setAttribute("aria-pressed", "false");
  });
  start.disabled = false;
  map.getContainer().dataset.ready = "true";
  start.setAttribute("aria-pressed", "false");
  start.addEventListener("click", () => {
    draw.setMode("polygon");
    start.setAttribute("aria-pressed", "true");
    state.textContent = strings.drawing;
  });
  clear.addEventListener("click", () => {
    draw.clear();
    remember(draw);
    start.focus();
  });
});
