// The 404 page's links start at the site's address, because a host serves
// the page at whatever path was missing, where a relative link points
// nowhere. Opened from disk (file://), this script, which only loads there
// (its src is relative to the page's own file), points those links at the
// copy on disk instead.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || location.protocol !== "file:") return;
  var site = me.getAttribute("data-site");
  var local = me.getAttribute("data-local") || "";
  if (!site) return;
  var links = document.querySelectorAll("a[href], link[href]");
  for (var i = 0; i < links.length; i++) {
    var href = links[i].getAttribute("href");
    if (href.indexOf(site) !== 0) continue;
    var rest = href.slice(site.length);
    links[i].setAttribute("href", local + (rest === "" ? "index.html" : rest));
  }
})();
