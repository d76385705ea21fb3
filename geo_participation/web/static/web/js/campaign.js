// The campaign page: the map, the place search, and the add form as a flow of short steps
// when this browser can draw the map (else the whole form at once, with coordinates).
import { AddForm } from "gp/form.js";
import { StepFlow } from "gp/flow.js";
import { PlaceSearch } from "gp/search.js";

// MapLibre's stylesheet, before ours as a <link> in the head would be; resolves once it applies.
function stylesheet(href) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  const loaded = new Promise((resolve, reject) => {
    link.onload = resolve;
    link.onerror = reject;
  });
  document.querySelector("link[rel=stylesheet]").before(link);
  return loaded;
}

// Resolve once the page shows its first text (at once where the browser cannot tell). A tab
// opened in the background paints, and so starts its map, when it is shown.
function firstContentfulPaint() {
  if (!PerformanceObserver.supportedEntryTypes?.includes("paint")) return Promise.resolve();
  return new Promise((resolve) => {
    new PerformanceObserver((entries, observer) => {
      if (!entries.getEntriesByName("first-contentful-paint").length) return;
      observer.disconnect();
      resolve();
    }).observe({ type: "paint", buffered: true });
  });
}

const config = JSON.parse(document.getElementById("gp-config").textContent);
const formElement = document.getElementById("gp-add-form");
let map = null;
let flow = null;
const form = formElement
  ? new AddForm(formElement, config, {
      onLocation: (location) => map?.showLocation(location),
      onSubmitted: (feature) => {
        map?.addMine(feature);
        flow?.submitted();
      },
      onZone: (zone) => flow?.showZone(zone),
    })
  : null;

// Phones size the map to the first screen below the header, whose height wraps with its text.
const header = document.querySelector(".gp-header");
const measure = () =>
  document.documentElement.style.setProperty("--header-now", `${header.offsetHeight}px`);
measure();
window.addEventListener("resize", measure);

// The map starts after the first paint: header, search and text show while MapLibre (300 KiB)
// and its stylesheet load, instead of waiting for them.
await firstContentfulPaint();
try {
  const container = document.getElementById("gp-map");
  const [{ CampaignMap }] = await Promise.all([import("gp/map.js"), stylesheet(container.dataset.stylesheet)]);
  map = new CampaignMap(container, config, form);
  // For debugging in the console, and for the browser tests.
  window.gpMap = map.map;
} catch (error) {
  // No WebGL, for example: the form still works with coordinates.
  const message = document.getElementById("gp-map-error");
  message.textContent = config.strings.map_unavailable;
  message.hidden = false;
  console.error(error);
}
// A campaign with sections to rate: their list and the rating form, with or without the map.
const ratingPanel = document.getElementById("gp-rate");
if (ratingPanel) {
  const { SectionRatings } = await import("gp/rating.js");
  new SectionRatings(ratingPanel, config, map);
}
if (map) {
  if (form) flow = new StepFlow(document.getElementById("gp-add"), config, form, map);
  const search = document.querySelector(".gp-map-area [data-search]");
  new PlaceSearch(search, config, (feature) => map.showPlace(feature));
  // Opened from a post's page or a mail: show that post (only digits: it goes into a URL).
  const post = new URLSearchParams(window.location.search).get("post");
  if (/^[0-9]{1,18}$/.test(post ?? "")) {
    if (window.gpMap.loaded()) map.showPost(post);
    else window.gpMap.once("load", () => map.showPost(post));
  }
}
