// The add form: category, location (map, coordinates, street, device), questions, comment.
// The visible location fields are the single source of truth: the map only fills them in.
import { ApiError, format, submitFeature } from "gp/api.js";

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

export class LocationError extends Error {
  // focus: the element to move the focus to (else the location fields).
  constructor(message, focus = null) {
    super(message);
    this.focus = focus;
  }
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
    this.hooks = { onCategory() {}, onLocation() {}, onSubmitted() {}, ...hooks };
    this.finished = false;
    this.el = (id) => form.querySelector(`#${id}`);
    this.lat = this.el("gp-lat");
    this.lon = this.el("gp-lon");
    this.coords = this.el("gp-coords");
    this.status = this.el("gp-location-status");
    this.error = this.el("gp-error");
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
    const street = this.el("gp-street");
    if (street) {
      street.addEventListener("change", () => {
        if (!street.value) return;
        const [lat, lon] = street.value.split(",").map(Number);
        this.setPoint(lon, lat, { moveMap: true });
      });
    }
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

  // Called by the map (click, keyboard, drawing) and by the street list.
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
    const street = this.el("gp-street");
    if (street) street.value = "";
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

  answers() {
    const answers = {};
    const fieldset = this.form.querySelector(`fieldset[data-category="${this.category}"]`);
    if (!fieldset) return answers;
    for (const question of fieldset.querySelectorAll("[data-question]")) {
      const key = question.dataset.question;
      const type = question.dataset.type;
      if (question.tagName === "INPUT") {
        if (question.value.trim()) answers[key] = question.value.trim();
        continue;
      }
      const checked = [...question.querySelectorAll("input:checked")].map((i) => i.value);
      if (type === "multiple_choice") {
        if (checked.length) answers[key] = checked;
        else if (question.dataset.required) {
          const legend = question.querySelector("legend").firstChild.textContent.trim();
          // The focus goes to the question's fieldset, so the error is read where it is.
          question.tabIndex = -1;
          throw new LocationError(
            format(this.strings.answer_required, { question: legend }),
            question,
          );
        }
      } else if (checked.length) {
        answers[key] = type === "rating" ? Number(checked[0]) : checked[0];
      }
    }
    return answers;
  }

  showError(message, focus) {
    this.error.textContent = message;
    focus?.focus();
  }

  async submit(event) {
    event.preventDefault();
    this.error.textContent = "";
    this.thanks.textContent = "";
    let feature;
    try {
      const geometry = this.geometry();
      if (!geometry) throw new LocationError(this.strings.location_missing);
      const properties = { category: this.category, answers: this.answers() };
      const comment = this.el("gp-comment").value.trim();
      if (comment) properties.comment = comment;
      feature = { type: "Feature", geometry, properties };
    } catch (error) {
      if (!(error instanceof LocationError)) throw error;
      const fallback = this.geometryType === "Point" ? this.lat : this.coords;
      this.showError(error.message, error.focus || fallback);
      return;
    }
    await this.send(feature);
  }

  async send(feature) {
    const button = this.el("gp-submit");
    button.disabled = true;
    this.status.textContent = this.strings.sending;
    let stored;
    try {
      stored = await submitFeature(this.config.submissionsUrl, feature);
    } catch (error) {
      this.status.textContent = "";
      const message = error instanceof ApiError ? error.message : this.strings.network_error;
      this.showError(message, button);
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
    this.hooks.onSubmitted(stored);
    this.form.reset();
    this.showCategory();
    this.clearLocation(false);
    this.thanks.focus();
  }
}
