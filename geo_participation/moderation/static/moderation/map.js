// The waiting submissions on a MapLibre map, from our own static files and without any base
// map: the campaign areas and the points are all it draws, so it contacts nobody but us.
// The list is the page; the map only helps to see where things are. Clicking a point moves to
// its entry in the list, and "Show on the map" centres the map on an entry.

const container = document.getElementById("moderation-map");
const data = JSON.parse(document.getElementById("moderation-map-data").textContent);

function bounds(collections) {
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
  collections.forEach((fc) => fc.features.forEach((f) => visit(f.geometry.coordinates)));
  return box;
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

async function start() {
  const maplibregl = await import(container.dataset.maplibre);
  const map = new maplibregl.Map({
    container,
    style: {
      version: 8,
      sources: {
        areas: { type: "geojson", data: data.areas },
        points: { type: "geojson", data: data.points },
      },
      layers: [
        { id: "background", type: "background", paint: { "background-color": "#f6f5f4" } },
        { id: "areas", type: "fill", source: "areas", paint: { "fill-color": "#ffffff" } },
        { id: "area-lines", type: "line", source: "areas", paint: { "line-color": "#5f6368", "line-width": 2 } },
        {
          id: "points",
          type: "circle",
          source: "points",
          paint: {
            "circle-radius": ["case", ["boolean", ["feature-state", "selected"], false], 10, 7],
            "circle-color": ["get", "colour"],
            "circle-stroke-color": "#000000",
            "circle-stroke-width": 2,
          },
        },
      ],
    },
    attributionControl: false,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  const box = bounds([data.points, data.areas]);
  if (box) {
    map.fitBounds(box, { padding: 40, maxZoom: 16, duration: 0 });
  }
  let selected = null;
  const highlight = (id) => {
    if (selected !== null) map.setFeatureState({ source: "points", id: selected }, { selected: false });
    selected = id;
    map.setFeatureState({ source: "points", id }, { selected: true });
  };
  map.on("click", "points", (event) => {
    const id = event.features[0].id;
    highlight(id);
    select(id);
  });
  map.on("mouseenter", "points", () => { map.getCanvas().style.cursor = "pointer"; });
  map.on("mouseleave", "points", () => { map.getCanvas().style.cursor = ""; });
  document.querySelectorAll(".gp-show-on-map").forEach((button) => {
    const id = Number(button.dataset.id);
    const feature = data.points.features.find((f) => f.id === id);
    if (!feature) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      if (map.isStyleLoaded()) highlight(id);
      map.easeTo({ center: feature.geometry.coordinates, zoom: Math.max(map.getZoom(), 15) });
      container.scrollIntoView({ block: "nearest" });
    });
  });
  map.on("load", () => { container.dataset.ready = "true"; });
}

if (container) {
  start().catch((error) => {
    // Without the map the list still works; say so instead of failing silently.
    container.textContent = "";
    const note = document.createElement("p");
    note.textContent = container.getAttribute("aria-label") + ": " + error.message;
    container.append(note);
  });
}
