// storage-guard.js runs before the app, as a plain (blocking) script.
//
// Where the browser refuses this site storage (cookies and site data
// blocked, some sandboxed or partitioned iframes), merely reading
// window.localStorage throws a SecurityError. go-app reads it when the app
// starts and would stop there, leaving the page at "Loading…". This puts an
// in-memory Storage in its place for the visit and sets
// window.latentlabStorageBlocked (the error's name), which the app's storage
// layer (web/store) reads: it then tells the student that nothing is kept.
(function () {
  "use strict";
  function refusal(name) {
    try {
      var s = window[name];
      if (!s) return "missing";
      s.getItem("latentlab-probe");
      return "";
    } catch (e) {
      return (e && e.name) || "Error";
    }
  }
  function memoryStorage() {
    var data = new Map();
    var s = Object.create({
      getItem: function (k) { k = String(k); return data.has(k) ? data.get(k) : null; },
      setItem: function (k, v) { data.set(String(k), String(v)); },
      removeItem: function (k) { data.delete(String(k)); },
      clear: function () { data.clear(); },
      key: function (i) { var ks = Array.from(data.keys()); return i >= 0 && i < ks.length ? ks[i] : null; }
    });
    Object.defineProperty(s, "length", { get: function () { return data.size; } });
    return s;
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    var why = refusal(name);
    if (!why) return;
    try {
      Object.defineProperty(window, name, { value: memoryStorage(), configurable: true, enumerable: true });
      if (name === "localStorage") window.latentlabStorageBlocked = why;
    } catch (e) {
      // Not replaceable here: the app's own storage layer still copes.
    }
  });
})();
