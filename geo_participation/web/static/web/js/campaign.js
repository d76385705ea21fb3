// The campaign page: the map, the place search, and the add form as a flow of short steps
// when this browser can draw the map (else the whole form at once, with coordinates).
import { AddForm } from "gp/form.js";
import { StepFlow } from "gp/flow.js";
import { CampaignMap } from "gp/map.js";
import { PlaceSearch } from "gp/search.js";

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

try {
  map = new CampaignMap(document.getElementById("gp-map"), config, form);
  // For debugging in the console, and for the browser tests.
  window.gpMap = map.map;
} catch (error) {
  // No WebGL, for example: the form still works with coordinates.
  const message = document.getElementById("gp-map-error");
  message.textContent = config.strings.map_unavailable;
  message.hidden = false;
  console.error(error);
}
if (map) {
  if (form) flow = new StepFlow(document.getElementById("gp-add"), config, form, map);
  const search = document.querySelector(".gp-map-area [data-search]");
  new PlaceSearch(search, config, (feature) => map.showPlace(feature));
}

// Phones size the map to the first screen below the header, whose height wraps with its text.
const header = document.querySelector(".gp-header");
const measure = () =>
  document.documentElement.style.setProperty("--header-now", `${header.offsetHeight}px`);
measure();
window.addEventListener("resize", measure);
