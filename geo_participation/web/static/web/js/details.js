// The details of one submission (popup and list), built with textContent only: comments and
// answers are visitors' text and must never be read as HTML.
import { format, getJSON, setOn } from "gp/api.js";

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function answerText(question, value, strings) {
  if (question.type === "rating") return format(strings.rating, { value, high: 5 });
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => question.choices[v] ?? String(v)).join(", ");
}

function row(list, term, text) {
  list.append(el("dt", term), el("dd", text));
}

// A pressed / not pressed button: a click POSTs its URL (on) or DELETEs it (off) and shows the
// answer; a refusal is said in output.
function onToggle(button, url, show, output, errorText, done = () => {}) {
  button.addEventListener("click", async () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    button.disabled = true;
    try {
      show(await setOn(url, on));
      done(on);
    } catch (error) {
      output.textContent = error.message || errorText;
    } finally {
      button.disabled = false;
    }
  });
}

// The button shows this visitor's true state: what they set in this page (states), else what
// the API says for them (GET .../support/, never cached for others).
function supportButton(id, config, output, states) {
  const s = config.strings;
  const url = config.supportUrl.replace("{id}", id);
  const button = el("button", s.support, "gp-support");
  button.type = "button";
  const show = (result) => {
    states.set(Number(id), result.supported);
    button.setAttribute("aria-pressed", String(result.supported));
    button.textContent = result.supported ? s.supported : s.support;
    if (result.support_count !== undefined) {
      output.textContent = format(s.supports, { count: result.support_count });
    }
  };
  if (states.has(Number(id))) show({ supported: states.get(Number(id)) });
  else button.setAttribute("aria-pressed", "false");
  getJSON(url).then(show, () => {});
  onToggle(button, url, show, output, s.support_error);
  return button;
}

// Follow: registered users hear by mail when the post's status or answer changes. The state
// comes from GET .../follow/ (theirs alone); signed-out visitors get a hint to sign in.
function followControl(id, config, output) {
  const s = config.strings;
  if (!config.signedIn) {
    const hint = el("p", undefined, "gp-hint gp-follow-hint");
    const link = el("a", s.follow_sign_in);
    // Back to this post after signing in: the map opens it again (?post=).
    const back = `${location.pathname}?post=${encodeURIComponent(id)}`;
    link.href = `${config.loginUrl}?next=${encodeURIComponent(back)}`;
    hint.append(link);
    return hint;
  }
  const url = config.followUrl.replace("{id}", id);
  const button = el("button", s.follow, "gp-follow");
  button.type = "button";
  button.setAttribute("aria-pressed", "false");
  const show = (result) => {
    button.setAttribute("aria-pressed", String(result.following));
    button.textContent = result.following ? s.unfollow : s.follow;
  };
  getJSON(url).then(show, () => {});
  onToggle(button, url, show, output, s.follow_error, (on) => {
    output.textContent = on ? s.followed : s.unfollowed;
  });
  return button;
}

// The post's public status as a badge (published posts only: the API and the OGC items give
// none for anything else); the city's answer is a row of the list.
function statusBadge(props, s) {
  const badge = el("p", undefined, "gp-public-status");
  badge.append(el("span", `${s.status}: `, "gp-visually-hidden"));
  badge.append(el("span", props.public_status_label, "gp-status-badge"));
  return badge;
}

// props: category, comment, answers, support_count, status (own pending ones), near,
// public_status_label and answer (published ones).
export function detailsElement(id, props, config, states = new Map()) {
  const s = config.strings;
  const category = config.categories[props.category] || { label: props.category, questions: {} };
  const root = el("div", undefined, "gp-details");
  const heading = el("h3", category.label);
  heading.tabIndex = -1;
  root.append(heading);
  if (props.status === "pending") root.append(el("p", s.pending, "gp-badge"));
  if (props.near) root.append(el("p", format(s.near, { street: props.near }), "gp-near"));
  if (props.public_status_label) root.append(statusBadge(props, s));
  const list = el("dl");
  const comment = el("dd", props.comment || s.no_comment, "gp-comment-text");
  list.append(el("dt", s.comment), comment);
  const answers = typeof props.answers === "string" ? JSON.parse(props.answers) : props.answers;
  for (const [key, question] of Object.entries(category.questions)) {
    if (answers && key in answers) row(list, question.label, answerText(question, answers[key], s));
  }
  if (props.answer) row(list, s.answer, props.answer);
  root.append(list);
  const output = el("p", format(s.supports, { count: props.support_count ?? 0 }));
  output.setAttribute("role", "status");
  root.append(output);
  if (props.status !== "pending") {
    const actions = el("div", undefined, "gp-buttons");
    actions.append(supportButton(id, config, output, states), followControl(id, config, output));
    root.append(actions);
  }
  return root;
}
