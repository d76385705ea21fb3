// The campaign page: the add form, and the map when this browser can draw it.
import { AddForm } from "gp/form.js";
import { CampaignMap } from "gp/map.js";

const config = JSON.parse(document.getElementById("gp-config").textContent);
const formElement = document.getElementById("gp-add-form");
let map = null;
const form = formElement
  ? new AddForm(formElement, config, {
      onCategory: (type) => map?.setGeometryType(type),
      onLocation: (location) => map?.showLocation(location),
      onSubmitted: (feature) => map?.addMine(feature),
    })
  : null;

try {
  map = new CampaignMap(document.getElementById("gp-map"), config, form);
  if (form) map.setGeometryType(form.geometryType);
  // For debugging in the console, and for the browser tests.
  window.gpMap = map.map;
} catch (error) {
  // No WebGL, for example: the form still works with coordinates and streets.
  const message = document.getElementById("gp-map-error");
  message.textContent = config.strings.map_unavailable;
  message.hidden = false;
  console.error(error);
}
