// The answers to a category's questions (web/includes/question.html), read from and written to
// the form controls: the add form and the rating form share them.

// Return { answers, missing }: the answers keyed by question, and the legend or label of the
// first required question left unanswered (null when none).
export function readAnswers(fieldset) {
  const answers = {};
  let missing = null;
  if (!fieldset) return { answers, missing };
  for (const question of fieldset.querySelectorAll("[data-question]")) {
    const key = question.dataset.question;
    const type = question.dataset.type;
    if (question.tagName === "INPUT") {
      if (question.value.trim()) answers[key] = question.value.trim();
      else if (question.required) missing ??= question.labels[0];
      continue;
    }
    const checked = [...question.querySelectorAll("input:checked")].map((i) => i.value);
    if (!checked.length) {
      if (question.dataset.required) missing ??= question.querySelector("legend");
    } else if (type === "multiple_choice") answers[key] = checked;
    else answers[key] = type === "rating" ? Number(checked[0]) : checked[0];
  }
  return { answers, missing };
}

// Set the controls to stored answers (a rating being changed); unanswered ones are cleared.
export function writeAnswers(fieldset, answers = {}) {
  if (!fieldset) return;
  for (const question of fieldset.querySelectorAll("[data-question]")) {
    const value = answers[question.dataset.question];
    if (question.tagName === "INPUT") {
      question.value = value ?? "";
      continue;
    }
    const values = (Array.isArray(value) ? value : [value]).map(String);
    for (const input of question.querySelectorAll("input")) {
      input.checked = value !== undefined && values.includes(input.value);
    }
  }
}

// The question's own text, without "(required)": the first text of its legend or label.
export function questionText(labelElement) {
  return labelElement.firstChild.textContent.trim();
}
