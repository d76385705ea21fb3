// The campaign map: MapLibre over our own tiles, terra-draw for pointer drawing, a crosshair
// for keyboard placement, popups with details and "me too", and the list of what is in view.
import { AttributionControl, Map, NavigationControl, Popup } from "maplibre-gl";
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
} from "terra-draw";
import { TerraDrawMapLibreGLAdapter } from "terra-draw-maplibre-gl-adapter";
import "gp/basemap.js";
import { format, getJSON } from "gp/api.js";
import { detailsElement } from "gp/details.js";
import { markerImage } from "gp/icons.js";

const MODES = { Point: "point", LineString: "linestring", Polygon: "polygon" };
const CLICKABLE = ["fill", "line", "icons", "line-icons"];
const LIST_PAGE = 100;

function collection(features) {
  return { type: "FeatureCollection", features };
}

// A place to anchor a popup: the point, a line's middle vertex, a polygon's first vertex mean.
function anchor(geometry) {
  if (geometry.type === "Point") return geometry.coordinates;
  if (geometry.type === "LineString") {
    return geometry.coordinates[Math.floor(geometry.coordinates.length / 2)];
  }
  const ring = geometry.coordinates[0].slice(0, -1);
  const sum = ring.reduce(([x, y], [a, b]) => [x + a, y + b], [0, 0]);
  return [sum[0] / ring.length, sum[1] / ring.length];
}

export class CampaignMap {
  constructor(container, config, form) {
    this.config = config;
    this.strings = config.strings;
    this.form = form;
    this.area = container.closest(".gp-map-area");
    this.mine = new globalThis.Map(); // own pending submissions by id
    this.mode = "static";
    this.map = new Map({
      container,
      style: config.styleUrl,
      bounds: config.bounds,
      fitBoundsOptions: { padding: 20 },
      maxZoom: config.maxZoom,
      attributionControl: false,
      locale: {
        "Map.Title": this.strings.map_title,
        "NavigationControl.ZoomIn": this.strings.zoom_in,
        "NavigationControl.ZoomOut": this.strings.zoom_out,
        "NavigationControl.ResetBearing": this.strings.reset_north,
        "AttributionControl.ToggleAttribution": this.strings.attribution,
        "Popup.Close": this.strings.close_popup,
      },
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), "top-left");
    this.map.addControl(new AttributionControl({ compact: true }));
    this.map.getCanvas().setAttribute("aria-describedby", "gp-map-help");
    // MapLibre 6 asks this resolver for an image before laying out the symbols that use it
    // (a styleimagemissing listener would be too late for the first tiles).
    this.map.setMissingStyleImageResolver((id) => this.addIcon(id));
    this.map.on("load", () => this.ready());
  }

  addIcon(id) {
    const marker = this.config.markers[id.replace(/^gp-/, "")];
    if (!marker || this.map.hasImage(id)) return;
    const { image, options } = markerImage(marker);
    this.map.addImage(id, image, options);
  }

  ready() {
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map: this.map }),
      modes: [new TerraDrawPointMode(), new TerraDrawLineStringMode(), new TerraDrawPolygonMode()],
    });
    this.draw.start();
    this.draw.setMode(this.mode);
    this.draw.on("finish", (id) => this.drawn(id));
    this.map.getCanvas().addEventListener("keydown", (event) => this.keydown(event));
    this.map.on("click", (event) => this.click(event));
    this.map.on("moveend", () => this.refreshList());
    this.refreshList();
  }

  // The form's category decides what a click draws; without one, clicks open details.
  setGeometryType(type) {
    this.mode = MODES[type] || "static";
    this.area.classList.toggle("is-adding", this.mode !== "static");
    if (this.draw) {
      this.draw.clear();
      this.draw.setMode(this.mode);
    }
  }

  drawn(id) {
    const feature = this.draw.getSnapshotFeature(id);
    const { type, coordinates } = feature.geometry;
    if (type === "Point") this.form.setPoint(coordinates[0], coordinates[1]);
    else if (type === "LineString") this.form.setVertices(coordinates);
    else this.form.setVertices(coordinates[0].slice(0, -1));
    // The form's draft layer shows the result; terra-draw starts afresh (not inside its own
    // event handler, which still uses the feature).
    setTimeout(() => this.draw.clear(), 0);
  }

  keydown(event) {
    if (event.key !== "Enter" || this.mode === "static") return;
    // A pointer drawing in progress is finished by terra-draw itself on Enter.
    if (this.draw.getModeState() === "drawing") return;
    event.preventDefault();
    const { lng, lat } = this.map.getCenter();
    if (this.mode === "point") this.form.setPoint(lng, lat);
    else this.form.addVertex(lng, lat);
  }

  // What the form's location fields describe, drawn as the draft.
  showLocation({ type, geometry, vertices, moveMap }) {
    const features = vertices.map((coordinates) => ({
      type: "Feature",
      properties: {},
      geometry: { type: "Point", coordinates },
    }));
    if (type !== "Point" && vertices.length >= 2) {
      const line = type === "Polygon" && vertices.length >= 3 ? [...vertices, vertices[0]] : vertices;
      features.push({
        type: "Feature",
        properties: {},
        geometry: { type: "LineString", coordinates: line },
      });
    }
    if (geometry?.type === "Point") {
      features.push({ type: "Feature", properties: {}, geometry });
      if (moveMap) this.map.easeTo({ center: geometry.coordinates, zoom: Math.max(this.map.getZoom(), 15) });
    }
    this.map.getSource("draft")?.setData(collection(features));
  }

  addMine(feature) {
    if (feature.properties.status !== "pending") return;
    this.mine.set(feature.id, feature);
    this.map.getSource("mine")?.setData(collection([...this.mine.values()]));
  }

  async click(event) {
    if (this.mode !== "static") return;
    const layers = ["submissions-cells"];
    for (const source of ["mine", "submissions"]) {
      layers.push(...CLICKABLE.map((kind) => `${source}-${kind}`));
    }
    const [hit] = this.map.queryRenderedFeatures(event.point, { layers });
    if (!hit) return;
    if (hit.properties.count !== undefined) {
      // An aggregated cell: come closer to see the submissions in it.
      this.map.easeTo({ center: event.lngLat, zoom: Math.min(this.map.getZoom() + 2, 20) });
      return;
    }
    if (hit.source === "mine") {
      const feature = this.mine.get(hit.id);
      this.openDetails(feature.id, feature.properties, event.lngLat);
      return;
    }
    const id = hit.properties.id;
    try {
      const item = await getJSON(this.config.itemUrl.replace("{id}", id));
      // Escape (or closing) gives the focus back to the map the click came from.
      this.openDetails(id, item.properties, event.lngLat, this.map.getCanvas());
    } catch {
      new Popup().setLngLat(event.lngLat).setText(this.strings.details_error).addTo(this.map);
    }
  }

  // The focus goes to the heading (read first), Escape closes, and the focus returns to
  // where the details were opened from: the list entry, or the map canvas after a click.
  openDetails(id, properties, lngLat, returnFocus = null) {
    this.popup?.remove();
    const details = detailsElement(id, properties, this.config);
    const popup = new Popup({ maxWidth: "320px", focusAfterOpen: false })
      .setLngLat(lngLat)
      .setDOMContent(details)
      .addTo(this.map);
    popup.getElement().addEventListener("keydown", (event) => {
      if (event.key === "Escape") popup.remove();
    });
    if (returnFocus) popup.on("close", () => returnFocus.isConnected && returnFocus.focus());
    details.querySelector("h3").focus();
    this.popup = popup;
  }

  bbox() {
    const b = this.map.getBounds();
    const box = [
      Math.max(b.getWest(), -180),
      Math.max(b.getSouth(), -90),
      Math.min(b.getEast(), 180),
      Math.min(b.getNorth(), 90),
    ];
    return box.map((v) => v.toFixed(6)).join(",");
  }

  async refreshList() {
    const status = document.getElementById("gp-inview-status");
    const url = `${this.config.submissionsUrl}?bbox=${this.bbox()}&page_size=${LIST_PAGE}`;
    let page;
    try {
      page = await getJSON(url);
    } catch {
      status.textContent = this.strings.details_error;
      return;
    }
    page.features.forEach((feature) => this.addMine(feature));
    const list = document.getElementById("gp-inview-list");
    list.replaceChildren(...page.features.map((feature) => this.listItem(feature)));
    let text = "";
    if (page.features.length === 0) text = this.strings.nothing_here;
    else if (page.count > page.features.length) {
      text = format(this.strings.more_here, { count: page.features.length });
    }
    // A live region: say it again only when it changes, not after every pan.
    if (status.textContent !== text) status.textContent = text;
  }

  listItem(feature) {
    const { properties } = feature;
    const label = this.config.categories[properties.category]?.label || properties.category;
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "gp-link-button";
    const text = properties.comment ? `${label}: ${properties.comment}` : label;
    button.textContent = text.length > 80 ? `${text.slice(0, 79)}…` : text;
    if (properties.status === "pending") button.classList.add("gp-pending");
    button.addEventListener("click", () => {
      this.openDetails(feature.id, properties, anchor(feature.geometry), button);
    });
    item.append(button);
    return item;
  }
}
