// The category form without surprises: the colour picker and the hex code field show the same
// colour. Everything works without this script (the server takes a changed hex code).
const picker = document.getElementById("id_colour");
const typed = document.getElementById("id_colour_hex");
if (picker && typed) {
  picker.addEventListener("input", () => {
    typed.value = picker.value;
  });
  typed.addEventListener("input", () => {
    if (/^#[0-9a-fA-F]{6}$/.test(typed.value.trim())) picker.value = typed.value.trim().toLowerCase();
  });
}
