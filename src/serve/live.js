// gapmap serve: reloads the page after each rebuild and shows build errors
// over it. Served by `gapmap serve` only; never part of a built site.
(function () {
  "use strict";
  var box = null;
  function clear() {
    if (box) { box.remove(); box = null; }
  }
  function show(text) {
    clear();
    box = document.createElement("div");
    box.className = "gapmap-live-error";
    box.setAttribute("role", "alert");
    var heading = document.createElement("p");
    heading.textContent = "gapmap: the last change has errors; this page shows the last good build.";
    var details = document.createElement("pre");
    details.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", clear);
    box.append(heading, details, close);
    document.body.append(box);
  }
  var events = new EventSource("/__gapmap/events");
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("failed", function (e) { show(e.data); });
  // The search index is written after the pages: a page that loaded it
  // reloads once more to read the new one.
  events.addEventListener("data", function () {
    if (window.GAPMAP_SEARCH) { location.reload(); }
  });
})();
