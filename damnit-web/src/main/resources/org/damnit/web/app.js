// DAMNIT web UI: the few actions that change the repository, all through /api/ with the page's CSRF token.
"use strict";
const csrf = document.querySelector('meta[name="csrf-token"]').content;

function show(el, text, isError) {
  el.textContent = text;
  el.className = "result " + (isError ? "error" : "ok");
}

async function api(path, body) {
  const r = await fetch(path, {
    method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-Damnit-Csrf": csrf},
    body: JSON.stringify(body)
  });
  const data = await r.json().catch(() => ({error: "the server answered " + r.status}));
  if (!r.ok) throw new Error(data.error || ("HTTP " + r.status));
  return data;
}

function put(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open("PUT", "/api/upload?path=" + encodeURIComponent(path));
    x.setRequestHeader("X-Damnit-Csrf", csrf);
    x.upload.onprogress = e => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    x.onload = () => {
      let data = {};
      try { data = JSON.parse(x.responseText); } catch (e) { /* not JSON */ }
      if (x.status >= 200 && x.status < 300) resolve(data); else reject(new Error(data.error || ("HTTP " + x.status)));
    };
    x.onerror = () => reject(new Error("the upload of " + path + " was interrupted"));
    x.send(file);
  });
}

function parsePairs(text) {
  const kv = {};
  for (const item of text.split(/[\n\r]+|\s+(?=[^\s=]+=)/)) {
    const t = item.trim();
    if (!t) continue;
    const eq = t.indexOf("=");
    if (eq <= 0) throw new Error("metadata needs key=value, got '" + t + "'");
    kv[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
  }
  return kv;
}

const upload = document.getElementById("upload-form");
if (upload) upload.addEventListener("submit", async ev => {
  ev.preventDefault();
  const out = document.getElementById("upload-result");
  const list = document.getElementById("progress");
  const button = upload.querySelector("button");
  const dir = upload.dir.value.trim().replace(/^\/+|\/+$/g, "");
  const files = Array.from(upload.files.files);
  button.disabled = true;
  try {
    const max = Number(upload.dataset.maxUpload);
    const big = files.find(f => f.size > max);
    if (big) throw new Error(big.name + " is larger than this server's upload limit of " + max + " bytes");
    const kv = parsePairs(upload.meta.value);
    const meta = {};
    for (const f of files) {
      const path = dir ? dir + "/" + f.name : f.name;
      const li = document.createElement("li");
      list.appendChild(li);
      await put(path, f, p => { li.textContent = path + ": " + Math.round(p * 100) + "%"; });
      li.textContent = path + ": uploaded";
      if (Object.keys(kv).length) meta[path] = kv;
    }
    const names = files.map(f => f.name).join(", ");
    const r = await api("/api/commit", {message: upload.message.value || "Add " + names, author: upload.author.value, meta});
    location.href = "/commit?id=" + r.commit;
  } catch (e) {
    show(out, e.message, true);
    button.disabled = false;
  }
});

const commitForm = document.getElementById("commit-form");
if (commitForm) commitForm.addEventListener("submit", async ev => {
  ev.preventDefault();
  try {
    const r = await api("/api/commit", {message: commitForm.message.value, author: commitForm.author.value});
    location.href = "/commit?id=" + r.commit;
  } catch (e) {
    show(commitForm.querySelector(".result"), e.message, true);
  }
});

const metaForm = document.getElementById("meta-form");
if (metaForm) metaForm.addEventListener("submit", async ev => {
  ev.preventDefault();
  const path = metaForm.dataset.path;
  try {
    const kv = parsePairs(metaForm.meta.value);
    await api("/api/commit", {message: "Set metadata on " + path, meta: {[path]: kv}});
    location.reload();
  } catch (e) {
    show(metaForm.querySelector(".result"), e.message, true);
  }
});

for (const b of document.querySelectorAll("button.revert")) {
  b.addEventListener("click", async () => {
    const out = document.getElementById("revert-result");
    try {
      await api("/api/revert", {rev: b.dataset.rev, path: b.dataset.path});
      location.href = "/file?path=" + encodeURIComponent(b.dataset.path);
    } catch (e) {
      show(out, e.message, true);
    }
  });
}

// "copy" next to a short id puts the full id on the clipboard (or, where the clipboard is not offered, selects it)
document.addEventListener("click", e => {
  const b = e.target.closest("button.copy");
  if (!b) return;
  e.preventDefault();
  e.stopPropagation();
  const full = b.dataset.copy;
  const done = () => { b.textContent = "copied"; b.classList.add("copied"); b.dataset.copied = full; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(full).then(done, () => { select(b, full); done(); });
  } else {
    select(b, full);
    done();
  }
});

function select(b, full) {
  const prev = b.previousElementSibling;
  const code = prev.matches("code") ? prev : prev.querySelector("code");
  code.textContent = full; // the whole id, selected, for Ctrl-C
  const range = document.createRange();
  range.selectNodeContents(code);
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}
