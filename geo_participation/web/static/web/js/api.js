// Calls to our own JSON API: CSRF token for session users, Idempotency-Key for submissions.

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (input) return input.value;
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

function randomKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // randomUUID exists only in secure contexts (https, localhost); plain http gets this.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// A retry of the same body reuses its key, so a lost answer never makes a second submission.
let lastAttempt = { body: null, key: null };

export class ApiError extends Error {
  constructor(message, status, data) {
    super(message);
    this.status = status;
    this.data = data;
  }
}

async function request(url, { method = "GET", body = null, headers = {} } = {}) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (method !== "GET") init.headers["X-CSRFToken"] = csrfToken();
  if (body !== null) {
    init.body = body;
    init.headers["Content-Type"] = "application/json";
  }
  Object.assign(init.headers, headers);
  const response = await fetch(url, init);
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const detail = data && typeof data.detail === "string" ? data.detail : response.statusText;
    throw new ApiError(detail, response.status, data);
  }
  return { status: response.status, data };
}

export function getJSON(url) {
  return request(url).then((r) => r.data);
}

export async function submitFeature(url, feature) {
  const body = JSON.stringify(feature);
  if (lastAttempt.body !== body) lastAttempt = { body, key: randomKey() };
  const result = await request(url, {
    method: "POST",
    body,
    headers: { "Idempotency-Key": lastAttempt.key },
  });
  lastAttempt = { body: null, key: null };
  return result.data;
}

// Send a JSON body (PUT) or none (DELETE); answers { status, data }: 201 tells a new one.
export function sendJSON(url, method, data = null) {
  return request(url, { method, body: data === null ? null : JSON.stringify(data) });
}

// POST to turn something on for this visitor ("me too", follow), DELETE to turn it off.
export function setOn(url, on) {
  return request(url, { method: on ? "POST" : "DELETE" }).then((r) => r.data);
}

// Replace %(name)s placeholders, as Django's gettext texts write them.
export function format(text, values) {
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(values[name]));
}
