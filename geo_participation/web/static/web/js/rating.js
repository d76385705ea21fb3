// Rating the sections of a campaign's reference layers: the list "Sections" below the map and
// one form for the chosen section. A section is chosen by tapping it on the map (sections.js)
// or from the list; the form opens with the visitor's own rating filled in (GET), saves it
// (PUT: 201 new, 200 changed) or withdraws it (DELETE).
import { questionText, readAnswers, writeAnswers } from "gp/answers.js";
import { ApiError, format, getJSON, sendJSON } from "gp/api.js";
import { SectionLayer } from "gp/sections.js";

// Refusals of the marked point: said beside it.
const PLACE_CODES = new Set(["too_far_from_section", "outside_area", "invalid_geometry"]);

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export class SectionRatings {
  constructor(panel, config, campaignMap = null) {
    this.panel = panel;
    this.config = config;
    this.s = config.ratingStrings;
    this.campaignMap = campaignMap; // null without WebGL: the list and the form still work
    this.layer = campaignMap ? new SectionLayer(campaignMap) : null;
    this.features = new Map(); // section id -> GeoJSON feature
    this.rated = new Set(config.ratedSections); // ids of the sections this visitor rated
    this.current = null; // the section being rated
    this.stored = null; // the visitor's rating of it, as the API answered
    this.point = null; // [lon, lat] marked on the section, or null
    this.marking = false;
    this.returnFocus = null;
    this.form = panel.querySelector("#gp-rate-form");
    this.list = document.getElementById("gp-sections-list");
    this.status = document.getElementById("gp-sections-status");
    this.q = (id) => panel.querySelector(`#${id}`);
    this.bind();
    if (campaignMap) campaignMap.sections = this; // map.js hands taps and Enter to pick/mark
    this.load();
  }

  bind() {
    this.q("gp-rate-close").addEventListener("click", () => this.close());
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
    if (!this.form) return;
    this.form.noValidate = true; // our messages beside the field, not the browser's bubbles
    this.form.addEventListener("submit", (event) => this.save(event));
    this.form.addEventListener("change", (event) => {
      if (event.target.name === "category") this.showCategory();
    });
    const mark = this.q("gp-rate-mark");
    if (!this.layer) mark.hidden = true; // without the map a point cannot be marked
    mark.addEventListener("click", () => (this.marking ? this.stopMarking() : this.startMarking()));
    this.q("gp-rate-unmark").addEventListener("click", () => {
      this.setPoint(null);
      mark.focus();
    });
    this.q("gp-rate-withdraw").addEventListener("click", () => this.confirm(true));
    this.q("gp-rate-confirm-no").addEventListener("click", () => this.confirm(false));
    this.q("gp-rate-confirm-yes").addEventListener("click", () => this.withdraw());
    this.q("gp-rate-save").disabled = false;
  }

  async load() {
    let sections;
    try {
      sections = await getJSON(this.config.referencesUrl);
    } catch {
      this.status.textContent = this.s.load_error;
      return;
    }
    for (const feature of sections.features) {
      this.features.set(feature.id, feature);
    }
    this.list.replaceChildren(...[...this.features.values()].map((f) => this.listItem(f)));
    this.count();
    if (!this.layer) return;
    await this.campaignMap.loaded;
    this.draw();
    this.layer.hover(this.features);
  }

  // --- the list ---

  label(feature) {
    const { name, section } = feature.properties;
    return section ? `${name}, ${format(this.s.section, { number: section })}` : name;
  }

  listItem(feature) {
    const item = el("li", undefined, "gp-section-item");
    item.dataset.section = feature.id;
    const name = el("span", this.label(feature), "gp-section-name");
    name.append(el("span", "", "gp-section-rated"));
    item.append(name);
    const button = el("button", undefined, "gp-section-button");
    button.type = "button";
    button.addEventListener("click", () => this.open(feature, button));
    item.append(button);
    this.showRated(item, this.rated.has(feature.id));
    return item;
  }

  showRated(item, rated) {
    const { maySubmit, notAllowedReason } = this.config;
    item.querySelector(".gp-section-rated").textContent = rated ? ` (${this.s.rated})` : "";
    let text = rated ? this.s.change : this.s.rate;
    if (!maySubmit && notAllowedReason !== "login_required") text = this.s.show; // closed
    const button = item.querySelector("button");
    button.textContent = text;
    // Heard with the section's name; the visible text comes first (WCAG 2.5.3).
    const name = item.querySelector(".gp-section-name").firstChild.textContent;
    button.setAttribute("aria-label", `${text}: ${name}`);
  }

  count() {
    const values = { count: this.features.size, rated: this.rated.size };
    this.status.textContent = format(this.s.count, values);
  }

  setRated(id, rated) {
    if (rated) this.rated.add(id);
    else this.rated.delete(id);
    const item = this.list.querySelector(`[data-section="${id}"]`);
    if (item) this.showRated(item, rated);
    this.count();
    this.draw();
  }

  // --- the map ---

  draw() {
    this.layer?.draw([...this.features.values()], this.rated);
  }

  // A tap on the map (map.js): open the section under it; false when there is none.
  pick(event) {
    const feature = this.features.get(this.layer.idAt(event, this.features));
    if (!feature) return false;
    this.open(feature, this.campaignMap.map.getCanvas());
    return true;
  }

  startMarking() {
    this.marking = true;
    this.q("gp-rate-mark").setAttribute("aria-pressed", "true");
    const hint = this.q("gp-rate-mark-hint");
    hint.textContent = this.s.mark_hint;
    hint.hidden = false;
    this.layer.marking(true);
  }

  stopMarking() {
    if (!this.marking) return;
    this.marking = false;
    this.q("gp-rate-mark").setAttribute("aria-pressed", "false");
    this.q("gp-rate-mark-hint").hidden = true;
    this.layer.marking(false);
  }

  // A tap on the map, or Enter at the crosshair, while marking (map.js).
  mark({ lng, lat }) {
    this.stopMarking();
    this.clearErrors();
    this.setPoint([lng, lat]);
    this.q("gp-rate-mark").focus({ preventScroll: true });
  }

  setPoint(position) {
    this.point = position ? position.map((n) => Number(n.toFixed(6))) : null;
    const status = this.q("gp-rate-point-status");
    if (!status) return;
    status.textContent = this.point
      ? format(this.s.point_set, { lon: this.point[0], lat: this.point[1] })
      : this.s.point_none;
    this.q("gp-rate-unmark").hidden = !this.point;
    this.layer?.showPoint(this.point);
  }

  // --- the panel ---

  ratingUrl() {
    return this.config.ratingUrl.replace("{id}", this.current.id);
  }

  async open(feature, returnFocus) {
    this.stopMarking();
    this.campaignMap?.popup?.remove();
    this.returnFocus = returnFocus;
    this.current = feature;
    this.layer?.choose(feature.id);
    this.q("gp-rate-name").textContent = this.label(feature);
    const description = this.q("gp-rate-description");
    description.textContent = feature.properties.description || "";
    description.hidden = !feature.properties.description;
    this.q("gp-rate-thanks").textContent = "";
    this.reset();
    document.body.classList.add("gp-rating");
    this.panel.hidden = false;
    window.scrollTo(0, 0);
    this.panel.closest(".gp-panel").scrollTop = 0;
    this.q("gp-rate-heading").focus({ preventScroll: true });
    this.layer?.fit(feature.geometry);
    if (this.form) await this.loadRating(feature);
  }

  async loadRating(feature) {
    // The page said which sections the visitor rated: no request for the others.
    if (!this.rated.has(feature.id)) return;
    let stored = null;
    try {
      stored = await getJSON(this.ratingUrl());
    } catch {
      // Withdrawn meanwhile (404), or unreachable: the form stays empty; saving says why.
    }
    if (this.current !== feature) return; // another section was chosen meanwhile
    this.showStored(stored);
  }

  showStored(stored) {
    this.stored = stored;
    const props = stored?.properties ?? {};
    const radios = this.form.querySelectorAll("input[type=radio][name=category]");
    for (const radio of radios) if (radio.value === props.category) radio.checked = true;
    this.showCategory();
    writeAnswers(this.fieldset(), props.answers ?? {});
    this.q("gp-rate-comment").value = props.comment ?? "";
    this.setPoint(stored?.geometry?.coordinates ?? null);
    this.q("gp-rate-withdraw").hidden = !stored;
    this.q("gp-rate-pending").hidden = props.status !== "pending";
    this.q("gp-rate-send-error").textContent = props.status === "rejected" ? this.s.rejected : "";
  }

  close() {
    if (this.panel.hidden) return;
    this.stopMarking();
    this.layer?.choose(null);
    this.setPoint(null);
    this.current = null;
    this.stored = null;
    this.panel.hidden = true;
    document.body.classList.remove("gp-rating");
    this.layer?.resize();
    if (this.returnFocus?.isConnected) this.returnFocus.focus();
  }

  reset() {
    if (!this.form) return;
    this.form.reset();
    this.clearErrors();
    this.confirm(false, { focus: false });
    this.showStored(null);
  }

  // --- the form ---

  get categoryKey() {
    const chosen = "input[name=category]:checked, input[name=category][type=hidden]";
    return this.form.querySelector(chosen)?.value || null;
  }

  fieldset() {
    return this.form.querySelector(`fieldset[data-category="${this.categoryKey}"]`);
  }

  showCategory() {
    const key = this.categoryKey;
    for (const fieldset of this.form.querySelectorAll("fieldset[data-category]")) {
      const mine = fieldset.dataset.category === key;
      // Disabled fieldsets are neither validated nor sent.
      fieldset.hidden = !mine;
      fieldset.disabled = !mine;
    }
  }

  clearErrors() {
    for (const error of this.panel.querySelectorAll(".gp-error")) error.textContent = "";
  }

  // Show a refusal beside what it concerns (category, answers, point or send) and focus it.
  showError(message, zone) {
    this.clearErrors();
    const element =
      (zone === "answers" && this.q(`gp-rate-answers-error-${this.categoryKey}`)) ||
      this.q(`gp-rate-${zone}-error`) ||
      this.q("gp-rate-send-error");
    element.textContent = message;
    element.focus();
  }

  // A server refusal in residents' words, and the zone it belongs to.
  refusal(error) {
    const s = this.s;
    const code = error instanceof ApiError ? error.data?.code : null;
    if (PLACE_CODES.has(code)) return [s.too_far, "point"];
    if (code === "invalid_answers") return [s.answers_refused, "answers"];
    if (code === "unknown_category") return [s.category_missing, "category"];
    if (code === "campaign_not_open") return [s.campaign_closed, "send"];
    if (code === "rating_rejected") return [error.data.detail || s.rejected, "send"]; // + reason
    if (code === "login_required") return [s.login_needed, "send"];
    if (code === "invalid_comment") return [s.comment_refused, "send"];
    if (error instanceof ApiError && error.status === 429) return [s.too_many, "send"];
    if (error instanceof ApiError) return [s.refused_other, "send"];
    return [s.network_error, "send"];
  }

  feature() {
    const key = this.categoryKey;
    if (!key && this.form.querySelector("input[type=radio][name=category]")) {
      return [null, [this.s.category_missing, "category"]];
    }
    const { answers, missing } = readAnswers(this.fieldset());
    if (missing) {
      const question = questionText(missing);
      return [null, [format(this.config.strings.answer_required, { question }), "answers"]];
    }
    const properties = { answers };
    if (key) properties.category = key;
    const comment = this.q("gp-rate-comment").value.trim();
    if (comment) properties.comment = comment;
    const geometry = this.point ? { type: "Point", coordinates: this.point } : null;
    return [{ type: "Feature", geometry, properties }, null];
  }

  async save(event) {
    event.preventDefault();
    this.stopMarking();
    this.q("gp-rate-thanks").textContent = "";
    const [body, problem] = this.feature();
    if (problem) {
      this.showError(...problem);
      return;
    }
    const button = this.q("gp-rate-save");
    const section = this.current;
    button.disabled = true;
    this.clearErrors();
    let answer;
    try {
      answer = await sendJSON(this.ratingUrl(), "PUT", body);
    } catch (error) {
      this.showError(...this.refusal(error));
      return;
    } finally {
      button.disabled = false;
    }
    if (this.current !== section) return;
    this.saved(answer.data, answer.status === 201);
  }

  saved(rating, created) {
    this.stored = rating;
    const pending = rating.properties.status === "pending";
    this.setRated(this.current.id, true);
    this.q("gp-rate-withdraw").hidden = false;
    this.q("gp-rate-pending").hidden = !pending;
    // The visitor's own pending rating is drawn dashed, like their pending posts.
    if (pending) this.campaignMap?.addMine(rating);
    else this.campaignMap?.removeMine(rating.id);
    let text = created ? this.s.saved : this.s.changed;
    if (pending) text = `${text} ${this.s.after_review}`;
    this.thank(text);
  }

  thank(text) {
    const thanks = this.q("gp-rate-thanks");
    thanks.textContent = text;
    thanks.focus();
  }

  // "Withdraw rating" asks first, in the page (no browser dialog): yes or no.
  confirm(open, { focus = true } = {}) {
    this.q("gp-rate-confirm").hidden = !open;
    if (!focus) return;
    if (open) this.q("gp-rate-confirm-text").focus();
    else this.q("gp-rate-withdraw").focus();
  }

  async withdraw() {
    const section = this.current;
    const rating = this.stored;
    try {
      await sendJSON(this.ratingUrl(), "DELETE");
    } catch (error) {
      this.confirm(false, { focus: false });
      const closed = error instanceof ApiError && error.data?.code === "campaign_not_open";
      const [message] = this.refusal(error);
      const text = error instanceof ApiError && !closed ? this.s.withdraw_error : message;
      this.showError(text, "send");
      return;
    }
    if (rating) this.campaignMap?.removeMine(rating.id);
    this.setRated(section.id, false);
    if (this.current !== section) return;
    this.reset();
    this.thank(this.s.withdrawn);
  }
}
