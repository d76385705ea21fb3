// The add page without a map: coordinates, a street, or the device's location.
import { AddForm } from "gp/form.js";

const config = JSON.parse(document.getElementById("gp-config").textContent);
const formElement = document.getElementById("gp-add-form");
if (formElement) new AddForm(formElement, config);
