// The place search: a WAI-ARIA 1.2 combobox over GET /api/places/ (our own server, which keeps
// any geocoder behind it). Typing asks after a short pause; arrow keys move through the results,
// Enter chooses, Escape closes; a live region says how many places were found.
import { format, getJSON } from "gp/api.js";

const DELAY = 250; // ms of quiet typing before asking
const MIN_LENGTH = 2;

export class PlaceSearch {
  // root: the .gp-search block; onChoose(feature) gets the chosen GeoJSON Feature.
  constructor(root, config, onChoose) {
    this.root = root;
    this.config = config;
    this.strings = config.strings;
    this.onChoose = onChoose;
    this.input = root.querySelector("[role=combobox]");
    this.list = root.querySelector("[role=listbox]");
    this.status = root.querySelector("[role=status]");
    this.features = [];
    this.active = -1;
    this.asked = 0; // the newest request; older answers are dropped
    this.input.addEventListener("input", () => this.typed());
    this.input.addEventListener("keydown", (event) => this.keydown(event));
    this.input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    // pointerdown, not click: the input's blur must not close the list first.
    this.list.addEventListener("pointerdown", (event) => event.preventDefault());
    this.list.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) this.choose(Number(option.dataset.index));
    });
    root.hidden = false;
  }

  typed() {
    clearTimeout(this.timer);
    const q = this.input.value.trim();
    if (q.length < MIN_LENGTH) {
      this.show([]);
      return;
    }
    this.timer = setTimeout(() => this.ask(q), DELAY);
  }

  async ask(q) {
    const id = ++this.asked;
    const params = new URLSearchParams({ q, campaign: this.config.slug });
    let page;
    try {
      page = await getJSON(`${this.config.placesUrl}?${params}`);
    } catch {
      if (id === this.asked) this.say(this.strings.search_error);
      return;
    }
    if (id !== this.asked) return;
    this.show(page.features || []);
  }

  show(features) {
    this.features = features;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.list.replaceChildren(...features.map((f, i) => this.option(f, i)));
    const open = features.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
    if (this.input.value.trim().length < MIN_LENGTH) return this.say("");
    this.say(
      features.length === 0
        ? this.strings.search_none
        : format(features.length === 1 ? this.strings.search_one : this.strings.search_many, {
            count: features.length,
          }),
    );
  }

  option(feature, index) {
    const item = document.createElement("li");
    item.id = `gp-search-option-${index}`;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.index = String(index);
    const { name, label, kind } = feature.properties;
    item.textContent = label || name;
    const kindText = this.strings[`place_${kind}`];
    if (kindText) {
      const hint = document.createElement("span");
      hint.className = "gp-kind";
      hint.textContent = ` (${kindText})`;
      item.append(hint);
    }
    return item;
  }

  say(text) {
    // A live region: repeat nothing it already says.
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  move(step) {
    if (!this.features.length) return;
    const count = this.features.length;
    this.active = this.active < 0 && step < 0 ? count - 1 : (this.active + step + count) % count;
    for (const option of this.list.children) {
      const on = Number(option.dataset.index) === this.active;
      option.setAttribute("aria-selected", String(on));
      if (on) option.scrollIntoView({ block: "nearest" });
    }
    this.input.setAttribute("aria-activedescendant", `gp-search-option-${this.active}`);
  }

  keydown(event) {
    const open = !this.list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open && this.features.length) this.show(this.features);
      this.move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && open) {
      event.preventDefault();
      this.choose(this.active < 0 ? 0 : this.active);
    } else if (event.key === "Escape") {
      if (open) event.preventDefault();
      if (open) this.close();
      else this.input.value = "";
    }
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  choose(index) {
    const feature = this.features[index];
    if (!feature) return;
    this.input.value = feature.properties.label || feature.properties.name;
    this.close();
    this.say(format(this.strings.search_chosen, { place: this.input.value }));
    this.onChoose(feature);
  }
}

// Where a chosen place puts the map: its bbox if it has one (a long street), else its point.
export function placeCenter(feature) {
  const [lon, lat] = feature.geometry.coordinates;
  return { lon, lat, bbox: feature.bbox || null };
}
