// Latent Lab's first script: it runs in the page's head, before the first
// paint (the page itself is rendered on the server or by the static export).
(function () {
  // A static host that does not map /lessons/vae to lessons/vae.html
  // answers with the export's 404.html: go to the page's file instead.
  var exported = document.querySelector('meta[name="latentlab-export"]');
  if (exported && /^Page not found/.test(document.title)) {
    var m = /^(.*\/(?:about|lessons\/[a-z0-9-]+|embed\/[a-z0-9-]+(?:\/[A-Za-z0-9_-]+)?))\/?$/.exec(location.pathname);
    if (m) {
      location.replace(m[1] + ".html" + location.search + location.hash);
      return;
    }
  }
  // The reader's theme, before anything is drawn: an embed's ?theme= wins,
  // then the theme remembered by the header's toggle; without either the
  // stylesheet follows the system setting. Storage may be blocked: then
  // there is simply no remembered theme.
  var theme = "";
  try {
    var q = new URLSearchParams(location.search).get("theme");
    if (/\/embed\//.test(location.pathname) && (q === "light" || q === "dark")) theme = q;
    if (!theme) {
      var t = localStorage.getItem("latentlab-theme");
      if (t === "light" || t === "dark") theme = t;
    }
  } catch (e) {}
  if (theme) document.documentElement.setAttribute("data-theme", theme);
})();
