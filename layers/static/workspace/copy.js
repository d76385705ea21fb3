// "Copy" buttons beside read-only URL fields (workspace/includes/gis_links.html). A button
// works with the keyboard as any button does; the result is announced in the section's
// aria-live region, so screen-reader users hear "Copied" too. A module runs once per page,
// however many sections include it.
async function copyField(field) {
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    return true;
  } catch {
    // Without the Clipboard API (plain http, older browsers) the selection is copied instead.
    return document.execCommand("copy");
  }
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  const status = button.closest("[data-copy-group]").querySelector("[data-copy-status]");
  const copied = await copyField(field);
  // Selecting moved the focus to the field; a keyboard user stays on the button.
  button.focus();
  // Emptied first, so the same message twice is announced twice.
  status.textContent = "";
  status.textContent = copied ? button.dataset.copied : button.dataset.failed;
});
