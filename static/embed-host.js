/* Latent Lab — embed-host.js: optional script for pages that embed Latent Lab
 * iframes (course pages, LMS, Jupyter Book, reveal.js).
 *
 *   <iframe src="https://LAB/embed/vae/explorer" title="…" width="100%" height="520"></iframe>
 *   <script src="https://LAB/web/embed-host.js" defer></script>
 *
 * - Finds iframes whose src is on the same origin as this script and under
 *   /embed/, and sets their height when they post
 *   {type: "latentlab:resize", height} (clamped to 80…20000 px).
 * - Re-dispatches quiz statements {type: "latentlab:xapi", statement} as a
 *   bubbling DOM CustomEvent "latentlab:xapi" on the iframe, detail
 *   {statement, frame}; listen on the iframe, document or window. Resizes are
 *   also announced as "latentlab:resize" events, detail {height, frame}.
 * - Messages from any other origin, or from windows that are not one of the
 *   page's Latent Lab iframes, are ignored.
 * - Quiz statements reach this page only when the embedded quiz knows this
 *   page's origin: put origin=<this page's origin> in the iframe's src (the
 *   Embed dialog does), or rely on the browser's referrer. A quiz that knows
 *   neither, or whose origin= names another site, sends none. Resizes work
 *   regardless.
 * - window.LatentLab.frames() lists the iframes it manages. */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = location.origin;
  try {
    if (script && script.src) origin = new URL(script.src, location.href).origin;
  } catch (e) { /* keep the page origin */ }

  function ours(f) {
    try {
      var u = new URL(f.getAttribute("src") || "", location.href);
      return u.origin === origin && u.pathname.indexOf("/embed/") === 0;
    } catch (e) {
      return false;
    }
  }

  function frames() {
    return Array.prototype.filter.call(document.getElementsByTagName("iframe"), ours);
  }

  function frameFor(win) {
    var fs = frames();
    for (var i = 0; i < fs.length; i++) {
      if (fs[i].contentWindow === win) return fs[i];
    }
    return null;
  }

  function emit(frame, name, detail) {
    detail.frame = frame;
    var ev;
    try {
      ev = new CustomEvent(name, { bubbles: true, detail: detail });
    } catch (e) {
      ev = document.createEvent("CustomEvent");
      ev.initCustomEvent(name, true, false, detail);
    }
    frame.dispatchEvent(ev);
  }

  window.addEventListener("message", function (ev) {
    if (ev.origin !== origin) return;
    var d = ev.data;
    if (!d || typeof d !== "object" || typeof d.type !== "string") return;
    var f = frameFor(ev.source);
    if (!f) return;
    if (d.type === "latentlab:resize") {
      var h = Number(d.height);
      if (!isFinite(h)) return;
      h = Math.max(80, Math.min(20000, Math.round(h)));
      f.style.height = h + "px";
      f.setAttribute("height", String(h));
      emit(f, "latentlab:resize", { height: h });
    } else if (d.type === "latentlab:xapi" && d.statement && typeof d.statement === "object") {
      emit(f, "latentlab:xapi", { statement: d.statement });
    }
  });

  function hello(f) {
    try {
      f.contentWindow.postMessage({ type: "latentlab:hello" }, origin);
    } catch (e) { /* not loaded yet */ }
  }

  function attach(f) {
    if (f.getAttribute("data-latentlab-host")) return;
    f.setAttribute("data-latentlab-host", "1");
    f.addEventListener("load", function () { hello(f); });
    hello(f);
  }

  function scan() { frames().forEach(attach); }

  scan();
  document.addEventListener("DOMContentLoaded", scan);
  if (window.MutationObserver) {
    new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  }
  window.LatentLab = window.LatentLab || {};
  window.LatentLab.frames = frames;
})();
