/* Pocket Rights service worker: keeps each language a reader opens on the phone, whole, for offline use.
   A language is saved as one set (every guide, the cards, the phrasebook, the offline pages, icons) in a
   cache named after the set's version; a new version is saved beside it and only replaces it once every
   file has arrived, so the phone never shows a mix of old and new pages. Served cache-first. */
"use strict";
const PREFIX = "pocketrights-";
const COMPLETE = "__complete__";
const ROOT = new URL("./", self.location);

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", event => event.waitUntil(self.clients.claim()));

self.addEventListener("message", event => {
  if (event.data && typeof event.data.save === "string" && /^[a-zA-Z-]{2,16}$/.test(event.data.save)) {
    event.waitUntil(save(event.data.save).then(listing => {
      if (listing && event.source) event.source.postMessage({saved: listing.lang, reviewed: listing.reviewed});
    }));
  }
});

async function completeCaches(lang) {
  const names = (await caches.keys()).filter(name => name.startsWith(PREFIX + (lang ? lang + "-" : "")));
  const complete = [];
  for (const name of names) {
    const cache = await caches.open(name);
    if (await cache.match(new URL(COMPLETE, ROOT))) complete.push(name);
  }
  return complete;
}

async function save(lang) {
  let listing;
  try {
    const response = await fetch(new URL(lang + "/offline.json", ROOT), {cache: "no-cache"});
    if (!response.ok) return null;
    listing = await response.json();
  } catch (error) {
    const saved = await completeCaches(lang);  // offline: keep what is there
    if (!saved.length) return null;
    return (await (await caches.open(saved[0])).match(new URL(COMPLETE, ROOT))).json();
  }
  const name = PREFIX + lang + "-" + listing.version;
  if (!(await completeCaches(lang)).includes(name)) {
    const cache = await caches.open(name);
    try {
      await cache.addAll(listing.urls.map(url => new Request(new URL(url, ROOT), {cache: "no-cache"})));
      await cache.put(new URL(COMPLETE, ROOT), new Response(JSON.stringify(listing),
        {headers: {"Content-Type": "application/json"}}));
    } catch (error) {
      await caches.delete(name);  // half a set is never used
      return null;
    }
  }
  for (const old of await caches.keys()) {
    if (old.startsWith(PREFIX + lang + "-") && old !== name) await caches.delete(old);
  }
  return listing;
}

self.addEventListener("fetch", event => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(ROOT.href)) return;
  event.respondWith(answer(request));
});

async function answer(request) {
  // A folder's address is saved as the page it shows: on a static host, /es/ is /es/index.html.
  const wanted = [request];
  if (request.mode === "navigate" && new URL(request.url).pathname.endsWith("/")) {
    wanted.push(new URL("index.html", request.url).href);
  }
  for (const name of await completeCaches("")) {
    const cache = await caches.open(name);
    for (const key of wanted) {
      const hit = await cache.match(key, {ignoreSearch: true});
      if (hit) return hit;
    }
  }
  try {
    return await fetch(request);
  } catch (error) {
    if (request.mode !== "navigate") throw error;
    const lang = new URL(request.url).pathname.slice(ROOT.pathname.length).split("/")[0];
    const offline = /\/offline\/(index\.html)?$/;
    for (const name of await completeCaches("")) {
      const cache = await caches.open(name);
      for (const page of [lang + "/offline/", lang + "/offline/index.html"]) {
        const hit = await cache.match(new URL(page, ROOT));
        if (hit) return hit;
      }
    }
    for (const name of await completeCaches("")) {  // a language never saved: a saved language's offline page
      const cache = await caches.open(name);
      const page = (await cache.keys()).find(key => offline.test(new URL(key.url).pathname));
      if (page) return cache.match(page);
    }
    return new Response("Offline: this page is not saved on this phone.", {status: 503,
      headers: {"Content-Type": "text/plain; charset=utf-8"}});
  }
}
