// The add form: category, location (map, search, coordinates, device), questions, comment.
// The visible location fields are the single source of truth: the map only fills them in.
// Every refusal, ours or the server's, is shown next to what it concerns and gets the focus.
import { readAnswers, questionText } from "gp/answers.js";
import { ApiError, format, submitFeature } from "gp/api.js";
import { insideArea } from "gp/area.js";

const NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;

function parseNumber(text) {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed.replace(",", ".")) : NaN;
}

function splitPair(line) {
  // "49.44; 7.77", "49.44, 7.77", "49.44 7.77" or "49.44,7.77"; a decimal comma needs a
  // space or semicolon as the separator ("49,44 7,77").
  if (line.includes(";")) return line.split(";");
  if (/,\s/.test(line)) return line.split(/,\s+/);
  if (/\s/.test(line)) return line.split(/\s+/);
  return line.split(",");
}

// zone: where the message belongs: place, category, answers or send.
export class LocationError extends Error {
  constructor(message, zone = "place") {
    super(message);
    this.zone = zone;
  }
}

const PLACE_CODES = new Set([
  "coordinates_not_finite",
  "coordinates_not_numbers",
  "coordinates_out_of_range",
  "dimensions",
  "empty_geometry",
  "geometry_type",
  "invalid_geometry",
  "missing_geometry",
  "too_many_vertices",
]);

// A server refusal in residents' words, and the zone it belongs to; never GeoJSON terms.
export function refusal(error, config) {
  const s = config.strings;
  const code = error instanceof ApiError ? error.data?.code : null;
  if (code === "outside_area") return [format(s.outside_area, { area: config.areaName }), "place"];
  if (PLACE_CODES.has(code)) return [s.place_refused, "place"];
  if (code === "invalid_answers") return [s.answers_refused, "answers"];
  if (code === "unknown_category") return [s.category_refused, "category"];
  if (code === "campaign_not_open") return [s.campaign_closed, "send"];
  if (code === "login_required") return [s.login_needed, "send"];
  if (code === "invalid_comment") return [s.comment_refused, "send"];
  if (error instanceof ApiError && error.status === 429) return [s.too_many, "send"];
  if (error instanceof ApiError) return [s.refused_other, "send"];
  return [s.network_error, "send"];
}

// Return [lon, lat] pairs from "latitude, longitude" lines; throw LocationError on bad input.
export function parsePairs(text, message) {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.map((line) => {
    const parts = splitPair(line);
    const [lat, lon] = parts.map(parseNumber);
    if (parts.length !== 2 || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      throw new LocationError(message);
    }
    return [lon, lat];
  });
}

const fixed = (n) => n.toFixed(6);

export class AddForm {
  constructor(form, config, hooks = {}) {
    this.form = form;
    this.config = config;
    this.strings = config.strings;
    this.hooks = { onCategory() {}, onLocation() {}, onSubmitted() {}, onZone() {}, ...hooks };
    this.finished = false;
    this.el = (id) => form.querySelector(`#${id}`);
    this.lat = this.el("gp-lat");
    this.lon = this.el("gp-lon");
    this.coords = this.el("gp-coords");
    this.status = this.el("gp-location-status");
    // Our own messages, next to the field, instead of the browser's bubbles (which cannot
    // point into a step that is not shown).
    form.noValidate = true;
    this.thanks = document.getElementById("gp-thanks");
    this.bind();
    this.showCategory();
    // The server sends the button disabled: without this script the form cannot work.
    this.el("gp-submit").disabled = false;
  }

  bind() {
    this.form.addEventListener("change", (event) => {
      if (event.target.name === "category") this.showCategory();
    });
    this.form.addEventListener("submit", (event) => this.submit(event));
    for (const input of [this.lat, this.lon]) {
      input.addEventListener("input", () => this.locationChanged());
    }
    this.coords.addEventListener("input", () => {
      this.finished = false;
      this.locationChanged();
    });
    const consent = this.el("gp-geo-consent");
    const geo = this.el("gp-geo");
    consent.addEventListener("change", () => (geo.disabled = !consent.checked));
    geo.addEventListener("click", () => this.useDeviceLocation(consent));
    this.el("gp-clear").addEventListener("click", () => this.clearLocation(true));
    this.el("gp-undo")?.addEventListener("click", () => this.removeLastVertex());
    this.el("gp-finish")?.addEventListener("click", () => this.finish());
  }

  get category() {
    return this.form.querySelector("input[name=category]:checked")?.value || null;
  }

  get geometryType() {
    return this.form.querySelector("input[name=category]:checked")?.dataset.geometry || null;
  }

  showCategory() {
    const key = this.category;
    const type = this.geometryType || "none";
    for (const block of this.form.querySelectorAll("[data-for]")) {
      block.hidden = !block.dataset.for.split(" ").includes(type);
    }
    for (const fieldset of this.form.querySelectorAll("fieldset[data-category]")) {
      const mine = fieldset.dataset.category === key;
      // Disabled fieldsets are neither validated nor submitted.
      fieldset.hidden = !mine;
      fieldset.disabled = !mine;
    }
    if (type !== this.shownType) {
      this.shownType = type;
      this.clearLocation(false);
    }
    this.hooks.onCategory(this.geometryType, key);
  }

  // Called by the map (click, keyboard, drawing, the flow's "Here") and by the place search.
  setPoint(lon, lat, { moveMap = false } = {}) {
    this.lat.value = fixed(lat);
    this.lon.value = fixed(lon);
    this.locationChanged({ moveMap });
  }

  addVertex(lon, lat) {
    if (this.finished) this.coords.value = "";
    this.finished = false;
    const line = `${fixed(lat)}, ${fixed(lon)}`;
    this.coords.value = this.coords.value.trim() ? `${this.coords.value.trim()}\n${line}` : line;
    const count = this.coords.value.split("\n").length;
    this.locationChanged({ message: format(this.strings.vertex_added, { count }) });
  }

  setVertices(pairs) {
    this.coords.value = pairs.map(([lon, lat]) => `${fixed(lat)}, ${fixed(lon)}`).join("\n");
    this.finished = true;
    this.locationChanged();
  }

  removeLastVertex() {
    const lines = this.coords.value.trim().split("\n").filter(Boolean);
    lines.pop();
    this.coords.value = lines.join("\n");
    this.finished = false;
    this.locationChanged();
  }

  finish() {
    const needed = this.geometryType === "Polygon" ? 3 : 2;
    const pairs = this.vertices();
    if (pairs.length < needed) {
      this.status.textContent = this.strings.need_vertices;
      return;
    }
    this.finished = true;
    this.locationChanged();
  }

  clearLocation(announce) {
    this.lat.value = "";
    this.lon.value = "";
    this.coords.value = "";
    this.finished = false;
    this.locationChanged({ message: announce ? this.strings.cleared : "" });
  }

  useDeviceLocation(consent) {
    // Only ever after the visitor ticked the box: the browser may ask a location service.
    if (!consent.checked) return;
    if (!navigator.geolocation) {
      this.status.textContent = this.strings.geolocation_unsupported;
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { longitude, latitude } = position.coords;
        this.setPoint(longitude, latitude, { moveMap: true });
      },
      () => (this.status.textContent = this.strings.geolocation_error),
      { enableHighAccuracy: true, timeout: 15000 },
    );
  }

  // The [lon, lat] pairs typed or placed so far (lines and areas), ignoring unreadable input.
  vertices() {
    try {
      return parsePairs(this.coords.value, "");
    } catch {
      return [];
    }
  }

  // Return the GeoJSON geometry the fields describe, null when empty; throw LocationError.
  geometry() {
    const type = this.geometryType;
    if (type === "Point") {
      if (!this.lat.value.trim() && !this.lon.value.trim()) return null;
      const lat = parseNumber(this.lat.value);
      const lon = parseNumber(this.lon.value);
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
        throw new LocationError(this.strings.bad_number);
      }
      return { type: "Point", coordinates: [lon, lat] };
    }
    if (type !== "LineString" && type !== "Polygon") return null;
    const pairs = parsePairs(this.coords.value, this.strings.bad_coordinates);
    if (pairs.length === 0) return null;
    const needed = type === "Polygon" ? 3 : 2;
    if (pairs.length < needed) throw new LocationError(this.strings.need_vertices);
    if (type === "LineString") return { type, coordinates: pairs };
    const [first, last] = [pairs[0], pairs[pairs.length - 1]];
    const closed = first[0] === last[0] && first[1] === last[1];
    return { type, coordinates: [closed ? pairs : [...pairs, first]] };
  }

  locationChanged({ message = null, moveMap = false } = {}) {
    let geometry = null;
    let text = message || "";
    try {
      geometry = this.geometry();
      if (!message && geometry?.type === "Point") {
        const [lon, lat] = geometry.coordinates;
        text = format(this.strings.location_point, { lat: fixed(lat), lon: fixed(lon) });
      } else if (!message && geometry) {
        text = format(this.strings.location_shape, { count: this.vertices().length });
      }
    } catch (error) {
      if (!(error instanceof LocationError)) throw error;
      // Half-typed input: say nothing yet; submitting names the problem.
    }
    this.status.textContent = text;
    this.hooks.onLocation({ type: this.geometryType, geometry, vertices: this.vertices(), moveMap });
  }

  // Return the answers of the chosen category; throw LocationError for a missing required one.
  answers() {
    const fieldset = this.form.querySelector(`fieldset[data-category="${this.category}"]`);
    const { answers, missing } = readAnswers(fieldset);
    if (missing) {
      const question = questionText(missing);
      throw new LocationError(format(this.strings.answer_required, { question }), "answers");
    }
    return answers;
  }

  // The message element of a zone: beside the place, the category, the questions or Send.
  errorElement(zone) {
    if (zone === "answers") return this.el(`gp-answers-error-${this.category}`);
    // Lines and areas are drawn in a step of their own on the map page.
    const drawn = zone === "place" && this.geometryType && this.geometryType !== "Point";
    if (drawn && this.el("gp-draw-error")) return this.el("gp-draw-error");
    return this.el(`gp-${zone}-error`) || this.el("gp-send-error");
  }

  clearErrors() {
    for (const error of this.form.querySelectorAll(".gp-error")) error.textContent = "";
  }

  // Show a refusal where it belongs (the flow first shows that step) and give it the focus.
  showError(message, zone) {
    this.clearErrors();
    this.hooks.onZone(zone);
    const element = this.errorElement(zone);
    element.textContent = message;
    element.focus();
  }

  // Return the feature the form describes; throw LocationError naming the zone to fix.
  feature() {
    if (!this.category) throw new LocationError(this.strings.category_missing, "category");
    const geometry = this.geometry();
    if (!geometry) throw new LocationError(this.strings.location_missing);
    if (!insideArea(geometry, this.config.area)) {
      throw new LocationError(format(this.strings.outside_area, { area: this.config.areaName }));
    }
    const properties = { category: this.category, answers: this.answers() };
    const comment = this.el("gp-comment").value.trim();
    if (comment) properties.comment = comment;
    return { type: "Feature", geometry, properties };
  }

  async submit(event) {
    event.preventDefault();
    this.thanks.textContent = "";
    let feature;
    try {
      feature = this.feature();
    } catch (error) {
      if (!(error instanceof LocationError)) throw error;
      this.showError(error.message, error.zone);
      return;
    }
    await this.send(feature);
  }

  async send(feature) {
    const button = this.el("gp-submit");
    button.disabled = true;
    this.clearErrors();
    this.status.textContent = this.strings.sending;
    let stored;
    try {
      stored = await submitFeature(this.config.submissionsUrl, feature);
    } catch (error) {
      this.status.textContent = "";
      this.showError(...refusal(error, this.config));
      return;
    } finally {
      button.disabled = false;
    }
    const pending = stored.properties.status === "pending";
    this.thanks.textContent = pending ? this.strings.thanks_pending : this.strings.thanks_published;
    // The photos app uploads the chosen photo for the new submission from this event.
    const photo = this.form.querySelector("input[name=photo]")?.files?.[0] || null;
    this.form.dispatchEvent(
      new CustomEvent("gp:submitted", { detail: { submission: stored, photo } }),
    );
    this.reset();
    this.hooks.onSubmitted(stored);
    this.thanks.focus();
  }

  reset() {
    this.form.reset();
    this.clearErrors();
    this.showCategory();
    this.clearLocation(false);
  }
}
