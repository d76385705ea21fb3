// The phone-first flow on the map page, one short step at a time, each with back and cancel:
// place (crosshair and "Here") -> category -> draw (lines, areas) -> posts nearby (if any) ->
// questions (if any) -> comment, photo and send -> thank-you. The form (form.js) stays the one
// source of what is sent; this only decides which part of it is shown.
import { format, getJSON, setOn } from "gp/api.js";
import { insideArea } from "gp/area.js";

const ZONE_STEP = {
  place: "place",
  category: "category",
  nearby: "nearby",
  answers: "questions",
  send: "send",
};

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export class StepFlow {
  constructor(section, config, form, map) {
    this.section = section;
    this.config = config;
    this.strings = config.strings;
    this.form = form;
    this.map = map;
    this.steps = [...section.querySelectorAll("[data-step]")];
    this.history = [];
    this.current = null;
    this.place = null;
    this.report = document.getElementById("gp-report");
    this.report.hidden = false;
    this.report.addEventListener("click", () => this.start());
    section.addEventListener("click", (event) => this.action(event));
    // A tap on a category goes straight on; arrow keys (which also select) wait for "Next".
    const categories = section.querySelector(".gp-categories");
    categories.addEventListener("pointerdown", () => (this.tapped = true));
    categories.addEventListener("keydown", () => (this.tapped = false));
    // On the section: after the form's own handler (on the form) has shown the category.
    section.addEventListener("change", (event) => {
      if (event.target.name !== "category") return;
      if (this.tapped && this.current === "category") this.next();
    });
    if (map) map.onHere = () => this.current === "place" && this.next();
    this.close();
  }

  action(event) {
    const button = event.target.closest("[data-action]");
    if (!button) return;
    const name = button.dataset.action;
    if (name === "here" || name === "next") this.next();
    else if (name === "back") this.back();
    else if (name === "cancel") this.cancel();
    else if (name === "again") this.start();
  }

  start() {
    this.form.reset();
    this.form.thanks.textContent = "";
    this.history = [];
    this.current = null;
    document.body.classList.add("gp-flow");
    this.section.hidden = false;
    window.scrollTo(0, 0);
    this.go("place");
  }

  close() {
    document.body.classList.remove("gp-flow");
    delete document.body.dataset.flowStep;
    this.section.hidden = true;
    this.current = null;
    this.map?.setStep(null);
  }

  cancel() {
    this.form.reset();
    this.form.thanks.textContent = "";
    this.close();
    this.report.focus();
  }

  go(step, { push = true } = {}) {
    if (push && this.current && this.current !== step) this.history.push(this.current);
    this.current = step;
    document.body.dataset.flowStep = step;
    for (const element of this.steps) element.hidden = element.dataset.step !== step;
    this.map?.setStep(step, this.form.geometryType);
    if (step === "thanks") return; // the form focuses its thank-you itself
    const target = this.steps.find((element) => element.dataset.step === step);
    // The step itself (its heading or legend is read first); where it is, not the top.
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "nearest" });
  }

  back() {
    const step = this.history.pop();
    if (step) this.go(step, { push: false });
    else this.cancel();
  }

  // The form's refusals name a zone: show its step before the message gets the focus.
  showZone(zone) {
    const drawn = zone === "place" && this.form.geometryType && this.form.geometryType !== "Point";
    const step = drawn ? "draw" : ZONE_STEP[zone] || "send";
    if (this.current && this.current !== step) this.go(step);
  }

  next() {
    const move = {
      place: () => this.here(),
      category: () => this.chosen(),
      draw: () => this.drawn(),
      nearby: () => this.questionsOrSend(),
      questions: () => this.answered(),
    }[this.current];
    if (move) move();
  }

  here() {
    const { lng, lat } = this.map.map.getCenter();
    const point = { type: "Point", coordinates: [lng, lat] };
    if (!insideArea(point, this.config.area)) {
      this.form.showError(format(this.strings.outside_area, { area: this.config.areaName }), "place");
      return;
    }
    this.form.clearErrors();
    this.place = [lng, lat];
    // Marked until the category decides what it becomes (a point, or where drawing starts).
    this.map.showLocation({ type: "Point", geometry: point, vertices: [] });
    this.go("category");
  }

  chosen() {
    if (!this.form.category) {
      this.form.showError(this.strings.category_missing, "category");
      return;
    }
    this.form.clearErrors();
    if (this.form.geometryType === "Point") {
      this.form.setPoint(...this.place);
      this.offerNearby();
    } else {
      this.map.map.jumpTo({ center: this.place });
      this.go("draw");
    }
  }

  drawn() {
    let geometry = null;
    try {
      geometry = this.form.geometry();
    } catch (error) {
      this.form.showError(error.message, "place");
      return;
    }
    if (!geometry) {
      this.form.showError(this.strings.location_missing, "place");
      return;
    }
    if (!insideArea(geometry, this.config.area)) {
      this.form.showError(format(this.strings.outside_area, { area: this.config.areaName }), "place");
      return;
    }
    this.offerNearby();
  }

  // Before asking anything more: posts of the same category nearby, to support instead.
  async offerNearby() {
    const geometry = this.form.geometry();
    const params = new URLSearchParams({ category: this.form.category });
    if (geometry.type === "Point") {
      params.set("lon", geometry.coordinates[0].toFixed(6));
      params.set("lat", geometry.coordinates[1].toFixed(6));
    } else {
      params.set("geometry", JSON.stringify(geometry));
    }
    let found = [];
    try {
      found = (await getJSON(`${this.config.nearbyUrl}?${params}`)).features;
    } catch {
      found = []; // only an offer: without it, the resident simply reports anew
    }
    if (!found.length) {
      this.questionsOrSend();
      return;
    }
    const list = this.section.querySelector("#gp-nearby-list");
    list.replaceChildren(...found.map((feature) => this.nearbyItem(feature)));
    this.go("nearby");
  }

  nearbyItem(feature) {
    const s = this.strings;
    const { comment, support_count: count, near } = feature.properties;
    const item = el("li", undefined, "gp-nearby-item");
    const text = comment || s.no_comment;
    item.append(el("p", text.length > 120 ? `${text.slice(0, 119)}…` : text));
    const facts = [format(s.supports, { count })];
    if (near) facts.unshift(format(s.near, { street: near }));
    item.append(el("p", facts.join(" · "), "gp-hint"));
    const button = el("button", s.agree, "gp-primary");
    button.type = "button";
    button.addEventListener("click", () => this.agree(feature, button));
    item.append(button);
    return item;
  }

  async agree(feature, button) {
    button.disabled = true;
    try {
      const result = await setOn(this.config.supportUrl.replace("{id}", feature.id), true);
      this.map?.remember(feature.id, result);
    } catch {
      this.form.showError(this.strings.support_error, "nearby");
      button.disabled = false;
      return;
    }
    this.form.reset();
    this.form.thanks.textContent = this.strings.thanks_agreed;
    this.go("thanks");
    this.form.thanks.focus();
  }

  questionsOrSend() {
    const questions = this.section.querySelector(`fieldset[data-category="${this.form.category}"]`);
    this.go(questions ? "questions" : "send");
  }

  answered() {
    try {
      this.form.answers();
    } catch (error) {
      this.form.showError(error.message, "answers");
      return;
    }
    this.form.clearErrors();
    this.go("send");
  }

  submitted() {
    this.history = [];
    this.go("thanks");
  }
}
