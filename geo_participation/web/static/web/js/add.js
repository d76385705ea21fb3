// The add page without a map: a place search, coordinates, or the device's location.
import { AddForm } from "gp/form.js";
import { PlaceSearch } from "gp/search.js";

const config = JSON.parse(document.getElementById("gp-config").textContent);
const formElement = document.getElementById("gp-add-form");
if (formElement) {
  const form = new AddForm(formElement, config);
  const search = formElement.querySelector("[data-search]");
  new PlaceSearch(search, config, (feature) => {
    const [lon, lat] = feature.geometry.coordinates;
    form.setPoint(lon, lat);
  });
}
