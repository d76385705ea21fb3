// Uploads the optional photo of a submission the add form has just stored.
// Include it on a page with the add form: <script type="module" src=".../photos/upload.js">.
// The form (geo_participation/web) fires "gp:submitted" with {submission, photo}; the photo
// goes to POST /api/submissions/{id}/photo/ as the multipart field "photo", with the same
// cookies (the anonymous author's gp_client cookie, or the session and its CSRF token).

const TEXT = {
  de: {
    uploading: "Foto wird hochgeladen …",
    done: "Foto gespeichert. Öffentlich sichtbar wird es erst, wenn die Moderation den Beitrag freigegeben hat.",
    failed: "Das Foto wurde nicht gespeichert: ",
  },
  en: {
    uploading: "Uploading the photo …",
    done: "Photo saved. It is shown publicly only once a moderator has approved the submission.",
    failed: "The photo was not saved: ",
  },
};

function csrfToken(form) {
  const input = form.querySelector("input[name=csrfmiddlewaretoken]");
  if (input) return input.value;
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function upload(form, submission, photo) {
  const body = new FormData();
  body.append("photo", photo);
  const response = await fetch(`/api/submissions/${submission.id}/photo/`, {
    method: "POST",
    body,
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(data && typeof data.detail === "string" ? data.detail : response.statusText);
  }
  return data;
}

function wire(field) {
  const form = field.closest("form");
  if (!form || form.dataset.photoUpload) return;
  form.dataset.photoUpload = "wired";
  const lang = (document.documentElement.lang || "de").slice(0, 2);
  const text = TEXT[lang] || TEXT.de;
  const status = document.createElement("p");
  status.id = "gp-photo-status";
  status.className = "gp-photo-status";
  status.setAttribute("role", "status");
  form.after(status);
  form.addEventListener("gp:submitted", async (event) => {
    const { submission, photo } = event.detail || {};
    if (!submission || !photo) return;
    status.textContent = text.uploading;
    try {
      await upload(form, submission, photo);
      status.textContent = text.done;
      status.dataset.state = "done";
    } catch (error) {
      status.textContent = text.failed + error.message;
      status.dataset.state = "failed";
    }
  });
}

document.querySelectorAll("#photo-field").forEach(wire);
