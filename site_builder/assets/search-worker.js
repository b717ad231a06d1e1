// runlog's search worker for Material for MkDocs: answers the theme's search-worker messages
// from the Pagefind index in <site>/pagefind/ (site_builder/search.py writes both).
//
// Material's protocol (mkdocs-material 9.x, src/templates/assets/javascripts/integrations/
// search/worker/message): the page posts {type: 0 (setup), data: {config, docs, options}} and
// expects {type: 1 (ready)}; then {type: 2 (query), data: "text"} and expects
// {type: 3 (result), data: {items: [[document]]}}, each document {location, title, text,
// score, terms, tags}. The theme inserts title, text and tags as HTML, so every string from
// the index is escaped here; Pagefind's excerpt escapes "<" and ">" itself and adds <mark>.
"use strict";

// This file sits at <site>/assets/javascripts/workers/search.<hash>.min.js.
const SITE = new URL("../../../", self.location.href);
const MAX_RESULTS = 20;

let pagefind = null;
let latest = 0;

function escapeHtml(text) {
  return String(text)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

// Pagefind's excerpt: text with "<" and ">" escaped and <mark> around matches. Keep only the
// marks; anything else that looks like a tag is escaped again.
function safeExcerpt(excerpt) {
  const parts = String(excerpt).split(/(<mark>|<\/mark>)/);
  return parts.map(part => (part === "<mark>" || part === "</mark>") ? part : part.replace(/</g, "&lt;").replace(/>/g, "&gt;")).join("");
}

async function load() {
  if (pagefind === null) {
    pagefind = import(new URL("pagefind/pagefind.js", SITE).href).then(async module => {
      await module.options({ excerptLength: 24 });
      await module.init("en");
      return module;
    });
  }
  return pagefind;
}

async function query(text, id) {
  const words = text.trim();
  if (!words) {
    return { items: [] };
  }
  const module = await load();
  const found = await module.search(words);
  if (id !== latest || found === null) {
    return null; // a newer query is under way
  }
  const top = await Promise.all(found.results.slice(0, MAX_RESULTS).map(result => result.data()));
  if (id !== latest) {
    return null;
  }
  const terms = {};
  for (const word of words.toLowerCase().split(/\s+/)) {
    terms[escapeHtml(word)] = true;
  }
  const items = top.map((data, index) => {
    const meta = data.meta || {};
    const tags = [meta.kind, meta.date].filter(Boolean).map(escapeHtml);
    return [{
      location: String(meta.url || "").replace(/^\/+/, ""),
      title: escapeHtml(meta.title || data.url || ""),
      text: "<p>" + safeExcerpt(data.excerpt || "") + "</p>",
      score: found.results[index].score || 0,
      terms: terms,
      tags: tags,
    }];
  });
  return { items: items, total: found.results.length };
}

self.addEventListener("message", event => {
  const message = event.data || {};
  if (message.type === 0) {
    load().then(() => self.postMessage({ type: 1 }), error => {
      console.warn("runlog search: the index could not be loaded", error);
      self.postMessage({ type: 1 });
    });
  } else if (message.type === 2) {
    const id = ++latest;
    query(String(message.data || ""), id).then(data => {
      if (data !== null) {
        self.postMessage({ type: 3, data: data });
      }
    }, error => {
      console.warn("runlog search: query failed", error);
      self.postMessage({ type: 3, data: { items: [] } });
    });
  }
});
