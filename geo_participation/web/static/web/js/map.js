// The campaign map: MapLibre over our own tiles, terra-draw for drawing lines and areas
// (loaded only for them), a crosshair
// for keyboard placement, popups with details and "me too", and the list of what is in view.
import { AttributionControl, Map, NavigationControl, Popup, setWorkerUrl } from "maplibre-gl";
import "gp/basemap.js";
import { format, getJSON } from "gp/api.js";
import { detailsElement } from "gp/details.js";
import { markerImage } from "gp/icons.js";

// The worker's hashed URL from the import map, cached for good like the module itself; MapLibre's
// own guess, the unhashed name beside its module, would be fetched again after a minute.
setWorkerUrl(import.meta.resolve("maplibre-gl/worker"));

const MODES = { Point: "point", LineString: "linestring", Polygon: "polygon" };
const CLICKABLE = ["fill", "line", "icons", "line-icons"];
const LIST_PAGE = 10;
// Phones: one finger scrolls the page over the map (two move it), except while placing.
const PHONE = "(max-width: 45rem)";

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
    this.supported = new globalThis.Map(); // "me too" states this visitor set, by id
    this.mode = "static";
    this.step = null; // the add flow's step, null while browsing
    this.onHere = null; // the flow's "Here", for Enter on the map in the place step
    this.listPage = 1;
    this.phone = window.matchMedia(PHONE).matches;
    this.map = new Map({
      container,
      style: config.styleUrl,
      bounds: config.bounds,
      fitBoundsOptions: { padding: 20 },
      maxZoom: config.maxZoom,
      attributionControl: false,
      cooperativeGestures: this.phone,
      locale: {
        "Map.Title": this.strings.map_title,
        "NavigationControl.ZoomIn": this.strings.zoom_in,
        "NavigationControl.ZoomOut": this.strings.zoom_out,
        "NavigationControl.ResetBearing": this.strings.reset_north,
        "AttributionControl.ToggleAttribution": this.strings.attribution,
        "Popup.Close": this.strings.close_popup,
        "CooperativeGesturesHandler.WindowsHelpText": this.strings.gestures_windows,
        "CooperativeGesturesHandler.MacHelpText": this.strings.gestures_mac,
        "CooperativeGesturesHandler.MobileHelpText": this.strings.gestures_mobile,
      },
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), "top-left");
    this.map.addControl(new AttributionControl({ compact: true }));
    this.map.getCanvas().setAttribute("aria-describedby", "gp-map-help");
    // MapLibre 6 asks this resolver for an image before laying out the symbols that use it
    // (a styleimagemissing listener would be too late for the first tiles).
    this.map.setMissingStyleImageResolver((id) => this.addIcon(id));
    this.loaded = new Promise((resolve) => this.map.once("load", resolve));
    this.loaded.then(() => this.ready());
  }

  // terra-draw and its adapter (50 KiB, a third of it parsed at start) come only when needed:
  // browsing and points never draw. Asked for at the category step of a campaign that has lines
  // or areas, so they are there when the drawing step opens and no first tap is lost.
  loadDraw() {
    this.drawLoading ??= Promise.all([
      import("terra-draw"),
      import("terra-draw-maplibre-gl-adapter"),
      this.loaded,
    ]).then(([terraDraw, { TerraDrawMapLibreGLAdapter }]) => {
      const { TerraDraw, TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode } = terraDraw;
      this.draw = new TerraDraw({
        adapter: new TerraDrawMapLibreGLAdapter({ map: this.map }),
        modes: [new TerraDrawPointMode(), new TerraDrawLineStringMode(), new TerraDrawPolygonMode()],
      });
      this.draw.start();
      this.draw.setMode(this.mode);
      this.draw.on("finish", (id) => this.drawn(id));
    });
    return this.drawLoading;
  }

  addIcon(id) {
    const marker = this.config.markers[id.replace(/^gp-/, "")];
    if (!marker || this.map.hasImage(id)) return;
    const { image, options } = markerImage(marker);
    this.map.addImage(id, image, options);
  }

  ready() {
    this.map.getCanvas().addEventListener("keydown", (event) => this.keydown(event));
    this.map.on("click", (event) => this.click(event));
    this.map.on("moveend", () => {
      // Centring on opened details keeps the list (and the entry the focus returns to).
      if (this.centring) this.centring = false;
      else this.refreshList(1);
    });
    for (const button of document.querySelectorAll(".gp-inview [data-page]")) {
      button.addEventListener("click", () => this.refreshList(this.listPage + Number(button.dataset.page)));
    }
    this.refreshList(1);
  }

  // The add flow's step: the crosshair while placing or drawing, the drawing mode while drawing,
  // and one-finger panning on phones only then.
  setStep(step, type = null) {
    this.step = step;
    const placing = step === "place" || step === "draw";
    if (step === "category" && this.drawsShapes()) this.loadDraw();
    this.area.classList.toggle("is-placing", placing);
    this.setGeometryType(step === "draw" ? type : null);
    if (this.phone) {
      if (placing) this.map.cooperativeGestures.disable();
      else this.map.cooperativeGestures.enable();
    }
    this.popup?.remove();
    // The steps change the map's size on phones.
    requestAnimationFrame(() => this.map.resize());
  }

  // A place chosen in the search: the map centres on it (under the crosshair while placing).
  showPlace(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    this.map.jumpTo({ center: [lon, lat], zoom: Math.max(this.map.getZoom(), 17) });
  }

  remember(id, result) {
    this.supported.set(Number(id), result.supported);
  }

  drawsShapes() {
    return Object.values(this.config.categories).some((category) => category.geometry !== "Point");
  }

  // The form's category decides what a click draws; without one, clicks open details.
  setGeometryType(type) {
    this.mode = MODES[type] || "static";
    if (this.draw) {
      this.draw.clear();
      this.draw.setMode(this.mode);
    } else if (this.mode !== "static") {
      this.loadDraw(); // it takes this.mode once there
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
    // Marking a point on the section being rated (rating.js): Enter sets it at the crosshair.
    if (event.key === "Enter" && this.sections?.marking) {
      event.preventDefault();
      this.sections.mark(this.map.getCenter());
      return;
    }
    if (event.key === "Enter" && this.step === "place" && this.onHere) {
      event.preventDefault();
      this.onHere();
      return;
    }
    if (event.key !== "Enter" || this.mode === "static") return;
    // A pointer drawing in progress is finished by terra-draw itself on Enter.
    if (this.draw?.getModeState() === "drawing") return;
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

  removeMine(id) {
    if (this.mine.delete(id)) this.map.getSource("mine")?.setData(collection([...this.mine.values()]));
  }

  // A link to one post (?post=<id>, from its page or a mail): come close and open its details.
  async showPost(id) {
    try {
      const item = await getJSON(this.config.itemUrl.replace("{id}", id));
      const lngLat = anchor(item.geometry);
      this.map.jumpTo({ center: lngLat, zoom: Math.max(this.map.getZoom(), 17) });
      this.openDetails(id, item.properties, lngLat, this.map.getCanvas());
    } catch {
      const message = document.getElementById("gp-map-error");
      message.textContent = this.strings.details_error;
      message.hidden = false;
    }
  }

  async click(event) {
    if (this.mode !== "static" || this.step) return; // no details while adding
    if (this.sections?.marking) {
      this.sections.mark(event.lngLat); // the point on the section being rated
      return;
    }
    // A campaign with sections is there to rate them: a tap near one opens its rating, even
    // over a rating's marker (the posts stay in the list of what is in view).
    if (this.sections?.pick(event)) return;
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
  // The place is centred first and the popup opens above it, no wider than the map and no
  // taller than its upper half: on a 375 px phone it stays whole and clear of the credits.
  openDetails(id, properties, lngLat, returnFocus = null) {
    this.popup?.remove();
    const details = detailsElement(id, properties, this.config, this.supported);
    const { clientWidth: width, clientHeight: height } = this.map.getContainer();
    details.style.maxHeight = `${Math.max(120, Math.floor(height / 2) - 48)}px`;
    this.centring = true;
    this.map.jumpTo({ center: lngLat });
    const popup = new Popup({
      maxWidth: `${Math.min(320, width - 24)}px`,
      focusAfterOpen: false,
      anchor: "bottom",
    })
      .setLngLat(lngLat)
      .setDOMContent(details)
      .addTo(this.map);
    popup.getElement().addEventListener("keydown", (event) => {
      if (event.key === "Escape") popup.remove();
    });
    if (returnFocus) popup.on("close", () => returnFocus.isConnected && returnFocus.focus());
    // From the list below the map (phones): bring the map back into view first.
    this.area.scrollIntoView({ block: "nearest" });
    details.querySelector("h3").focus({ preventScroll: true });
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

  // The list of what is in view, 10 at a time: the page stays a few screens long.
  async refreshList(number) {
    const status = document.getElementById("gp-inview-status");
    const params = `bbox=${this.bbox()}&page_size=${LIST_PAGE}&page=${number}`;
    let page;
    try {
      page = await getJSON(`${this.config.submissionsUrl}?${params}`);
    } catch {
      status.textContent = this.strings.details_error;
      return;
    }
    this.listPage = number;
    page.features.forEach((feature) => this.addMine(feature));
    const list = document.getElementById("gp-inview-list");
    list.replaceChildren(...page.features.map((feature) => this.listItem(feature)));
    const pages = Math.max(1, Math.ceil(page.count / LIST_PAGE));
    const nav = document.querySelector(".gp-inview .gp-pagination");
    nav.hidden = pages < 2;
    nav.querySelector("[data-page='-1']").disabled = number <= 1;
    nav.querySelector("[data-page='1']").disabled = number >= pages;
    document.getElementById("gp-inview-page").textContent = format(this.strings.list_page, {
      page: number,
      pages,
    });
    let text = format(this.strings.in_view, { count: page.count });
    if (page.count === 0) text = this.strings.nothing_here;
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
    let text = properties.comment ? `${label}: ${properties.comment}` : label;
    if (text.length > 80) text = `${text.slice(0, 79)}…`;
    if (properties.near) text += ` (${format(this.strings.near, { street: properties.near })})`;
    button.textContent = text;
    if (properties.status === "pending") button.classList.add("gp-pending");
    button.addEventListener("click", () => {
      this.openDetails(feature.id, properties, anchor(feature.geometry), button);
    });
    item.append(button);
    return item;
  }
}
