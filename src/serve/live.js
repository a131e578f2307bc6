// gapmap serve: reloads the page after each rebuild and shows build errors
// over it, in the page's language. Served by `gapmap serve` only; never part
// of a built site.
(function () {
  "use strict";
  var box = null;
  function clear() {
    if (box) { box.remove(); box = null; }
  }
  // The server sends the panel in every language of the site:
  // {"en": {"heading", "hide", "text"}, "zh": {...}}.
  function inPageLanguage(data) {
    var panels;
    try { panels = JSON.parse(data); } catch (e) { panels = null; }
    if (!panels || typeof panels !== "object") {
      return { heading: "gapmap", hide: "Hide", text: String(data) };
    }
    var lang = (document.documentElement.lang || "en").toLowerCase().split("-")[0];
    return panels[lang] || panels.en;
  }
  function show(data) {
    clear();
    var panel = inPageLanguage(data);
    box = document.createElement("div");
    box.className = "gapmap-live-error";
    box.setAttribute("role", "alert");
    box.lang = document.documentElement.lang || "en";
    var heading = document.createElement("p");
    heading.textContent = panel.heading;
    var details = document.createElement("pre");
    details.textContent = panel.text;
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = panel.hide;
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
