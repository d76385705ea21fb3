// Progressive enhancement of the ballot form (it works without this): a question that takes at
// most N options refuses the N+1th tick at once, saying so beside the question.
const form = document.querySelector(".gp-ballot");

function limitTicks(fieldset) {
  const max = Number(fieldset.dataset.max);
  const error = fieldset.querySelector(".gp-error");
  fieldset.addEventListener("change", (event) => {
    const box = event.target;
    if (box.type !== "checkbox") return;
    const ticked = fieldset.querySelectorAll("input[type=checkbox]:checked").length;
    if (box.checked && ticked > max) {
      box.checked = false;
      error.textContent = fieldset.dataset.tooMany;
    } else {
      error.textContent = "";
    }
  });
}

if (form) {
  form.querySelectorAll("fieldset[data-max]").forEach(limitTicks);
}
