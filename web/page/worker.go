//go:build !wasm

package page

import (
	"bytes"
	"fmt"
	"text/template"
)

// workerScript is app-worker.js for a file set (see workerJS).
func workerScript(f *fileSet) []byte {
	data := jsValues(map[string]any{
		"Revs":         f.revs,
		"Shell":        f.shell,
		"Offline":      f.offline,
		"Aliases":      f.aliases,
		"Home":         f.home,
		"NetworkFirst": f.networkFirst,
	})
	var b bytes.Buffer
	if err := workerTemplate.Execute(&b, data); err != nil {
		panic(fmt.Sprintf("offline worker: %v", err))
	}
	return b.Bytes()
}

var workerTemplate = template.Must(template.New("app-worker.js").Parse(workerJS))

// workerJS is the offline worker. It keeps files in one cache, each stored
// with the revision (a content hash) it had when fetched, and serves a file
// from the cache only while that revision is current, so an update replaces
// exactly the files that changed and keeps the rest (the data sets and
// models rarely change).
//
//   - install: keep the shell (what every page needs to start: the loader,
//     app.wasm, styles, icons, the home page);
//   - activate: drop entries this version does not name or has changed;
//   - fetch: a current cached entry, else the network (and keep what it
//     returns if this version names it), else — offline — a stale entry, and
//     for a page the home page (the app routes on the client); in the
//     authoring preview (networkFirst, Options.Dev) the network always
//     first, the cache only offline;
//   - message "keep-offline": keep every file of the offline set (every page,
//     lesson, engine, model, data file), two at a time at low priority,
//     reporting progress to the pages; "forget-offline" drops them again;
//     "offline-status" reports how many are kept.
//
// Page addresses map to the files a static host serves (lessons/vae →
// lessons/vae.html) through aliases; query strings are ignored for lookups
// (embeds carry their settings there).
const workerJS = `const cacheName = "latentlab-files";
const revs = {{.Revs}};
const shell = {{.Shell}};
const offlineSet = {{.Offline}};
const aliases = {{.Aliases}};
const home = {{.Home}};
const networkFirst = {{.NetworkFirst}};
const revHeader = "X-Latentlab-Rev";

function keyOf(url) {
  const u = new URL(url, self.location.href);
  if (u.origin !== self.location.origin) return null;
  const path = decodeURI(u.pathname);
  return aliases[path] || path;
}

async function isCurrent(cache, key) {
  const hit = await cache.match(key);
  return !!hit && hit.headers.get(revHeader) === revs[key];
}

// keep fetches key and stores it with its revision; it reports success.
async function keep(cache, key, init) {
  try {
    const res = await fetch(key, Object.assign({ cache: "no-cache" }, init || {}));
    if (!res.ok || res.type !== "basic" || res.redirected) return false;
    await cache.put(key, await withRev(res, revs[key]));
    return true;
  } catch (err) {
    return false;
  }
}

async function withRev(res, rev) {
  const headers = new Headers(res.headers);
  headers.set(revHeader, rev);
  const body = await res.arrayBuffer();
  return new Response(body, { status: res.status, statusText: res.statusText, headers });
}

async function keepAll(list, each, init) {
  const cache = await caches.open(cacheName);
  let done = 0, failed = 0, next = 0;
  const todo = [];
  for (const key of list) {
    if (await isCurrent(cache, key)) done++; else todo.push(key);
  }
  if (each) each(done, failed, todo.length > 0);
  async function lane() {
    while (next < todo.length) {
      const key = todo[next++];
      if (await keep(cache, key, init)) done++; else failed++;
      if (each) each(done, failed, next < todo.length);
    }
  }
  await Promise.all([lane(), lane()]);
  return failed;
}

self.addEventListener("install", (event) => {
  event.waitUntil(keepAll(shell).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key !== cacheName) await caches.delete(key);
      }
      const cache = await caches.open(cacheName);
      for (const req of await cache.keys()) {
        const key = keyOf(req.url);
        const hit = await cache.match(req);
        if (!key || !revs[key] || !hit || hit.headers.get(revHeader) !== revs[key]) await cache.delete(req);
      }
      await self.clients.claim();
    })()
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || req.headers.has("range")) return;
  const key = keyOf(req.url);
  if (!key) return;
  event.respondWith(serve(event, req, key));
});

async function serve(event, req, key) {
  const cache = await caches.open(cacheName);
  const rev = revs[key];
  const hit = rev ? await cache.match(key) : undefined;
  if (hit && hit.headers.get(revHeader) === rev && !networkFirst) return hit;
  try {
    const res = await fetch(req);
    if (rev && res.ok && res.type === "basic" && !res.redirected) {
      event.waitUntil(withRev(res.clone(), rev).then((r) => cache.put(key, r)).catch(() => {}));
    }
    return res;
  } catch (err) {
    if (hit) return hit; // offline: an older copy beats nothing
    if (req.mode === "navigate") {
      const page = await cache.match(home);
      if (page) return page;
    }
    throw err;
  }
}

async function report(msg) {
  for (const c of await self.clients.matchAll({ includeUncontrolled: true })) c.postMessage(msg);
}

let keeping = null;
function keepOffline() {
  if (!keeping) {
    keeping = keepAll(offlineSet, (done, failed, busy) =>
      report({ type: "offline-progress", done, failed, total: offlineSet.length, busy }), { priority: "low" })
      .finally(() => { keeping = null; });
  }
  return keeping;
}

async function status() {
  const cache = await caches.open(cacheName);
  let done = 0;
  for (const key of offlineSet) if (await isCurrent(cache, key)) done++;
  await report({ type: "offline-progress", done, total: offlineSet.length, busy: !!keeping });
}

async function forgetOffline() {
  const cache = await caches.open(cacheName);
  const keepKeys = new Set(shell);
  for (const key of offlineSet) if (!keepKeys.has(key)) await cache.delete(key);
  await status();
}

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "keep-offline") event.waitUntil(keepOffline());
  else if (type === "forget-offline") event.waitUntil(forgetOffline());
  else if (type === "offline-status") event.waitUntil(status());
});
`
