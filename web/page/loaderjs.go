//go:build !wasm

package page

// loaderJS is app.js, the script every page loads (deferred) to start
// app.wasm. It replaces go-app's app.js and keeps the part of its contract
// that go-app's Go code uses (goappGetenv and the goappNav, goappOnUpdate and
// goappOnAppInstallChange hooks, which app.wasm sets). Its own jobs:
//
//   - start app.wasm, showing the download's progress in the loader panel;
//   - when that fails (offline, a missing file, a browser without
//     WebAssembly) or the app stops, say so in words a student understands,
//     with Retry (or Reload), and keep the details in the console;
//   - once the page's widgets have started ("latentlab-awake") and the page
//     is idle, register the offline worker (app-worker.js) at the site's
//     base path (it then finds app.wasm in the browser's cache rather than
//     downloading it a second time, and keeps every page and lesson) and ask
//     it to keep every model and data file for offline use, unless the
//     reader turned that off (window.latentlabOffline, used by the About
//     page) or the browser asks to save data. A first visit's bandwidth goes
//     to what the reader sees; the offline set follows in the background.
const loaderJS = `// Latent Lab loader: starts app.wasm, registers the offline worker.
"use strict";
const goappEnv = {{.Env}};
function goappGetenv(k) { return goappEnv[k]; }
var goappNav = function () {};
var goappOnUpdate = function () {};
var goappOnAppInstallChange = function () {};

(() => {
  const base = {{.Base}};
  const wasmURL = {{.Wasm}};
  const workerURL = {{.Worker}};
  const lengthHeader = {{.LengthHeader}};
  const settingKey = "latentlab-offline";
  const loader = document.getElementById("app-wasm-loader");
  const part = (cls) => loader && loader.querySelector("." + cls);
  // The boot's phases as performance marks "ll:…" (app.wasm adds its own;
  // the load benchmark prints them as a breakdown of a visit).
  const mark = (name) => { try { performance.mark("ll:" + name); } catch (e) {} };
  mark("loader");

  // ---- loader panel
  function progress(p) {
    const bar = part("ll-loader-bar");
    if (bar) { bar.value = p; bar.textContent = p + "%"; }
  }
  function failure(message, action, onAction) {
    console.warn("Latent Lab:", message);
    if (!loader) return;
    part("ll-loader-progress").hidden = true;
    const box = part("ll-loader-failure");
    part("ll-loader-message").textContent = message;
    const button = part("ll-loader-retry");
    button.textContent = action;
    button.onclick = onAction;
    box.hidden = false;
    loader.classList.add("ll-loader-failed");
  }
  function retrying() {
    part("ll-loader-failure").hidden = true;
    part("ll-loader-progress").hidden = false;
    loader.classList.remove("ll-loader-failed");
    progress(0);
  }

  // ---- app.wasm
  async function fetchWithProgress() {
    const res = await fetch(wasmURL);
    mark("wasm-response");
    if (!res.ok) throw new Error("HTTP " + res.status + " for " + wasmURL);
    // From the offline worker's cache (a later visit) it arrives at once:
    // hand the response itself to the compiler, whose code cache applies
    // only to a response with its address (a progress-counting copy has none).
    if (navigator.serviceWorker && navigator.serviceWorker.controller) return res;
    const total = parseInt(res.headers.get(lengthHeader) || res.headers.get("Content-Length"), 10);
    if (!res.body || !(total > 0)) return res;
    let loaded = 0;
    const reader = res.body.getReader();
    const stream = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) { progress(100); controller.close(); return; }
        loaded += value.byteLength;
        progress(Math.min(99, Math.round((loaded * 100) / total)));
        controller.enqueue(value);
      },
    });
    return new Response(stream, { headers: { "Content-Type": "application/wasm" } });
  }

  // The module boot.js started compiling before the page was parsed (see
  // compileEarly there), once; null when there is none or it failed.
  async function earlyModule() {
    const early = window.__llAppWasm;
    window.__llAppWasm = undefined;
    if (!early || early.url !== wasmURL) return null;
    try { return await early.module; } catch (err) {
      console.warn("Latent Lab: compiling app.wasm early failed (fetching it again):", err);
      return null;
    }
  }

  async function start() {
    if (typeof WebAssembly !== "object" || typeof Go !== "function") {
      failure("This browser cannot run the interactive parts of Latent Lab (it lacks WebAssembly). The text of every page is here to read.", "Reload", () => location.reload());
      return;
    }
    let instance;
    const go = new Go();
    try {
      const module = await earlyModule();
      if (module) {
        instance = await WebAssembly.instantiate(module, go.importObject);
      } else {
        const res = await fetchWithProgress();
        instance = (await WebAssembly.instantiateStreaming(res, go.importObject)).instance;
      }
      mark("wasm-instantiated");
    } catch (err) {
      console.warn("Latent Lab: app.wasm did not load:", err);
      failure("The interactive parts of this page could not be loaded: the connection may have dropped. The text is all here to read; check that you are online, then retry.", "Retry", () => { retrying(); start(); });
      registerWorker();
      return;
    }
    mark("go-run");
    const running = go.run(instance);
    if (loader) loader.remove();
    window.dispatchEvent(new Event("latentlab-started"));
    // The offline worker (whose install keeps every page and lesson) and
    // the offline set wait until the page's own widgets have started (the
    // app says so with "latentlab-awake") and the page is idle, so that a
    // first visit spends its bandwidth on what the reader sees; at the
    // latest 20 s after the start.
    let kept = false;
    const keepSoon = (delay) => { if (!kept) { kept = true; setTimeout(() => whenIdle(inBackground), delay); } };
    window.addEventListener("latentlab-awake", () => keepSoon(4000));
    setTimeout(() => keepSoon(0), 20000);
    await running.catch((err) => console.warn("Latent Lab: app.wasm failed:", err));
    // app.wasm never returns while it works: it stopped (a crash).
    document.body.appendChild(loader);
    failure("The interactive parts of this page stopped working. Reload the page to start them again; the text stays readable.", "Reload", () => location.reload());
  }

  // ---- offline worker
  const offline = (window.latentlabOffline = {
    // state: what the worker reported last ({done, total} files kept).
    state: { done: 0, total: 0, busy: false },
    download: +goappEnv.LATENTLAB_OFFLINE_DOWNLOAD || 0,
    storage: +goappEnv.LATENTLAB_OFFLINE_STORAGE || 0,
    enabled() {
      try { return localStorage.getItem(settingKey) !== "off"; } catch (e) { return true; }
    },
    set(on) {
      try { localStorage.setItem(settingKey, on ? "on" : "off"); } catch (e) {}
      post({ type: on ? "keep-offline" : "forget-offline" });
    },
    refresh() { post({ type: "offline-status" }); },
  });
  function post(msg) {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then((reg) => reg.active && reg.active.postMessage(msg));
  }
  function whenIdle(fn) {
    if ("requestIdleCallback" in window) requestIdleCallback(fn, { timeout: 5000 }); else fn();
  }
  function inBackground() {
    registerWorker();
    const c = navigator.connection;
    if (!offline.enabled() || (c && c.saveData)) { offline.refresh(); return; }
    post({ type: "keep-offline" });
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", (e) => {
      const m = e.data || {};
      if (m.type !== "offline-progress") return;
      offline.state = { done: m.done, total: m.total, busy: m.busy, failed: m.failed || 0 };
      window.dispatchEvent(new Event("latentlab-offline"));
    });
  }
  // The worker installs what every page needs, app.wasm first: registered
  // once the page has app.wasm (and its widgets have started), it finds it
  // in the browser's cache instead of downloading it a second time.
  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(workerURL, { scope: base + "/" }).catch((err) => {
      console.warn("Latent Lab: the offline worker did not register:", err);
    });
  }

  start();
})();
`
