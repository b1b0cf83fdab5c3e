//go:build !wasm

package page

// serviceWorkerJS is go-app's app-worker.js template with three changes for
// offline use: files fetched at run time (MNIST data, models, KaTeX fonts)
// are cached as they are used, so the first visit downloads only what it
// needs; a navigation to any page falls back to the cached app shell ("/";
// the app routes on the client); and cache lookups ignore the query string
// (embeds carry their settings there). Cached files are served first.
const serviceWorkerJS = `const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(resourcesToCache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.map((key) => (key !== cacheName ? caches.delete(key) : undefined)))
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") {
    return;
  }
  event.respondWith(
    (async () => {
      const cache = await caches.open(cacheName);
      const hit = await cache.match(req, { ignoreSearch: true });
      if (hit) {
        return hit;
      }
      try {
        const res = await fetch(req);
        const url = new URL(req.url);
        if (res.ok && res.type === "basic" && url.origin === self.location.origin &&
            (url.pathname.startsWith("/web/") || req.mode === "navigate")) {
          cache.put(req, res.clone());
        }
        return res;
      } catch (err) {
        if (req.mode === "navigate") {
          const shell = await cache.match("/");
          if (shell) {
            return shell;
          }
        }
        throw err;
      }
    })()
  );
});
`
