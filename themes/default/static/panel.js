/* gapmap: the map's reader panel. Choosing a count (click, or Enter on its
 * link) opens the cell's studies beside the map, narrowed by the map's
 * filters and words (the address's parameters), with its selection as
 * RIS, BibTeX and CSV made in the browser. The open panel is the address's `cell` parameter
 * (<table id>~<row slug>~<column slug>), so a pasted link opens it and back
 * and forward move between cells. Without JavaScript a count is a link to
 * its cell's page, and stays one: only a plain click is taken over.
 * Reads the build's data through assets/browse.js (window.gapmapBrowse);
 * loads only the lines of the studies it shows. */
(function () {
  'use strict';

  /* Deferred scripts run in the page's order: browse.js may come after
   * this one, but always before DOMContentLoaded. */
  function start() {
    var B = window.gapmapBrowse;
    var panel = document.getElementById('cell-panel');
    var host = document.querySelector('[data-root]');
    if (!B || !panel || !host) return;
    var root = host.getAttribute('data-root') || '';
    var lang = host.getAttribute('data-lang') || 'en';
    var PAGE = 50;
    var LINK = 'table.matrix td[data-r][data-c] a';

    var heading = panel.querySelector('#cell-panel-heading');
    var list = panel.querySelector('.cell-panel-list');
    var filteredNote = panel.querySelector('.cell-panel-filtered');
    var noneNote = panel.querySelector('.cell-panel-none');
    var downloads = panel.querySelector('.cell-panel-downloads');
    var downloadLabel = panel.querySelector('#cell-panel-download-label');
    var moreRow = panel.querySelector('.cell-panel-more-row');
    var more = panel.querySelector('.cell-panel-more');
    var showing = panel.querySelector('.cell-panel-showing');
    var allLink = panel.querySelector('.cell-panel-all');
    var text = panel.dataset;

    var data = null;      // {facets, labels, closure}
    var current = null;   // the open cell: {table, r, c, param, members, shown, label}
    var token = 0;        // the latest opening: late answers for an older one are dropped

    function fill(template, values) {
      return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
    }
    function countWords(n) { return n === 1 ? text.oneStudy : fill(text.nStudies, { n: n }); }
    function has(terms, t) { return terms ? (terms.has ? terms.has(t) : terms.indexOf(t) >= 0) : false; }

    function load() {
      if (data) return Promise.resolve(data);
      return B.load(root, lang).then(function (d) {
        data = { facets: d.facets, labels: d.labels, closure: B.closure(d.facets) };
        return data;
      });
    }

    /* ---- the address ---- */

    function cellParam() { return new URLSearchParams(location.search).get('cell'); }

    function setCellParam(value, push) {
      var params = new URLSearchParams(location.search);
      if (value) params.set('cell', value); else params.delete('cell');
      var query = params.toString().replace(/%7E/gi, '~');
      var url = (query ? '?' + query : location.pathname.split('/').pop() || '?') + location.hash;
      if (push) history.pushState(null, '', url); else history.replaceState(history.state, '', url);
    }

    /* `<table id>~<row slug>~<column slug>` to a table and two term indices, or null. */
    function parseCell(value, facets) {
      var parts = String(value || '').split('~');
      if (parts.length !== 3) return null;
      var table = document.getElementById(parts[0]);
      if (!table || !table.matches('table.matrix')) return null;
      var r = facets.vocabularies[+table.dataset.rows].terms.indexOf(parts[1]);
      var c = facets.vocabularies[+table.dataset.columns].terms.indexOf(parts[2]);
      return r < 0 || c < 0 ? null : { table: table, r: r, c: c };
    }

    function paramOf(facets, table, r, c) {
      return [table.id, facets.vocabularies[+table.dataset.rows].terms[r],
        facets.vocabularies[+table.dataset.columns].terms[c]].join('~');
    }

    /* ---- the cell's studies ---- */

    /* The cell's studies that the map's filters and words (`hits`) keep,
     * in the studies list's order (newest year first). A study is in cell
     * (r, c) when r is one of its row terms or their ancestors and c
     * likewise (the closure). */
    function membersOf(d, state, table, r, c, hits) {
      var rows = +table.dataset.rows, columns = +table.dataset.columns;
      var passes = B.matcher(d.facets, state, null, hits);
      return d.labels.order.filter(function (i) {
        var terms = d.closure[i];
        return has(terms[rows], r) && has(terms[columns], c) && passes(i);
      });
    }

    /* `then` gets the cell's members once the address's words (q) are
     * looked up: at once when the map has already looked them up. */
    function withMembers(d, cell, then) {
      var state = B.stateFromUrl(d.facets);
      return B.withWords(root, lang, state, function (hits) {
        return then(membersOf(d, state, cell.table, cell.r, cell.c, hits));
      });
    }

    function filtersActive(d) { return B.isFiltered(B.stateFromUrl(d.facets)); }

    /* The cell's page: its count link's, or (when filters left the cell
     * without a link) another count link's with this cell's slugs. */
    function cellHref(d, table, r, c) {
      var own = table.querySelector('td[data-r="' + r + '"][data-c="' + c + '"] a');
      if (own) return own.getAttribute('href');
      var rowTerms = d.facets.vocabularies[+table.dataset.rows].terms;
      var columnTerms = d.facets.vocabularies[+table.dataset.columns].terms;
      var columnsKey = table.id.replace(/^map-/, '');
      var other = table.querySelector(LINK);
      if (!other) return null;
      var td = other.closest('td'), href = other.getAttribute('href');
      var tail = rowTerms[+td.dataset.r] + '/' + columnsKey + '/' + columnTerms[+td.dataset.c] + '/index.html';
      if (href.slice(-tail.length) !== tail) return null;
      return href.slice(0, -tail.length) + rowTerms[r] + '/' + columnsKey + '/' + columnTerms[c] + '/index.html';
    }

    /* ---- drawing ---- */

    function span(className, content) {
      var el = document.createElement('span');
      el.className = className;
      if (content) el.textContent = content;
      return el;
    }

    /* One study as the lists show it: title, year and the one-term
     * vocabularies' labels, then each other vocabulary's terms, the finding. */
    function item(d, i, line) {
      var facets = d.facets, labels = d.labels;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.className = 'study-title';
      a.dir = 'auto';
      a.href = root + line[1];
      a.textContent = line[0];
      /* English shown for want of a translation is marked as English. */
      if (line[3] & 1) a.lang = 'en';
      li.appendChild(a);
      var year = facets.studies[i][0];
      var meta = [year ? String(year) : text.yearUnknown];
      var tags = [];
      facets.vocabularies.forEach(function (v, k) {
        var own = ownTerms(facets, i, k);
        if (!own.length) return;
        var names = own.map(function (t) { return labels.vocabularies[k].terms[t]; });
        if (oneTerm(facets, k)) meta.push(names.join(text.listSeparator));
        else tags.push([labels.vocabularies[k].name, names.join(text.listSeparator)]);
      });
      li.appendChild(document.createTextNode(' '));
      li.appendChild(span('study-meta', meta.join(' · ')));
      tags.forEach(function (g) {
        var el = span('study-tags');
        el.appendChild(span('cell-panel-vocabulary', g[0] + text.labelSeparator));
        el.appendChild(document.createTextNode(g[1]));
        li.appendChild(el);
      });
      if (line[2]) {
        var finding = span('study-finding', line[2]);
        if (line[3] & 2) finding.lang = 'en';
        li.appendChild(finding);
      }
      return li;
    }

    /* A study's own terms of vocabulary k: a study is [year, status,
     * [each vocabulary's terms], participants]. */
    function ownTerms(facets, i, k) {
      return facets.studies[i][2][k] || [];
    }

    /* A vocabulary where a study names one term (a design), shown after
     * the year, as the build declares it. */
    function oneTerm(facets, k) {
      return !facets.vocabularies[k].multiple;
    }

    /* Shows the next page of the open cell's studies; resolves when drawn. */
    function showMore(focusFirst) {
      var cell = current, mine = token;
      var next = cell.members.slice(cell.shown, cell.shown + PAGE);
      cell.shown += next.length;
      return B.lines(root, lang, next).then(function (lines) {
        if (mine !== token) return;
        var first = null;
        lines.forEach(function (line, k) {
          var li = item(data, next[k], line);
          first = first || li;
          list.appendChild(li);
        });
        var left = cell.members.length - cell.shown;
        moreRow.hidden = left <= 0;
        showing.textContent = left > 0 ? fill(text.showing, { shown: cell.shown, n: cell.members.length }) : '';
        if (focusFirst && first) first.querySelector('a').focus();
      });
    }

    function draw(d, cell) {
      var rowLabels = d.labels.vocabularies[+cell.table.dataset.rows].terms;
      var columnLabels = d.labels.vocabularies[+cell.table.dataset.columns].terms;
      var n = cell.members.length;
      heading.textContent = fill(text.heading, {
        row: rowLabels[cell.r], column: columnLabels[cell.c], count: countWords(n)
      });
      filteredNote.hidden = !filtersActive(d);
      noneNote.hidden = n > 0;
      downloads.hidden = n === 0;
      downloadLabel.textContent = fill(text.downloadLabel, { count: countWords(n) });
      var href = cellHref(d, cell.table, cell.r, cell.c);
      allLink.parentNode.hidden = !href;
      if (href) allLink.setAttribute('href', href);
      list.textContent = '';
      moreRow.hidden = true;
      cell.shown = 0;
      return showMore(false);
    }

    /* ---- opening and closing ---- */

    /* Opens (or refreshes) the panel on a cell; `how.push` adds a history
     * entry, `how.focus` moves focus to the panel's heading. */
    function open(d, cell, how) {
      token += 1;
      cell.param = paramOf(d.facets, cell.table, cell.r, cell.c);
      cell.members = [];
      current = cell;
      if (cellParam() !== cell.param) setCellParam(cell.param, how.push);
      if (!panel.open) panel.show();
      panel.setAttribute('aria-busy', 'true');
      var mine = token;
      var drawn = withMembers(d, cell, function (members) {
        if (mine !== token) return;
        cell.members = members;
        return draw(d, cell).then(function () {
          if (mine === token) panel.removeAttribute('aria-busy');
        });
      }).catch(function (e) {
        if (mine !== token) return;
        panel.removeAttribute('aria-busy');
        heading.textContent = String(e && e.message || e);
      });
      if (how.focus) heading.focus();
      return drawn;
    }

    /* `push`: the closing is a new history entry (the reader closed it);
     * otherwise the address already says it is closed (back or forward). */
    function close(push) {
      if (!current) return;
      var cell = current;
      current = null;
      token += 1;
      panel.close();
      panel.removeAttribute('aria-busy');
      if (push) setCellParam(null, true);
      focusCell(cell);
    }

    /* Focus goes back to the cell's count link, or its table when the
     * filters now leave the cell without one. */
    function focusCell(cell) {
      var table = document.getElementById(cell.table.id) || cell.table;
      var link = table.querySelector('td[data-r="' + cell.r + '"][data-c="' + cell.c + '"] a');
      if (link && link.getClientRects().length) { link.focus(); return; }
      var scroller = table.closest('[tabindex]');
      if (scroller) scroller.focus();
    }

    /* The address says which cell is open: after a pasted link, back or forward. */
    function followAddress(focus) {
      var value = cellParam();
      if (!value) { close(false); return Promise.resolve(); }
      return load().then(function (d) {
        var cell = parseCell(value, d.facets);
        if (!cell) { close(false); return; }
        if (current && current.param === value) { refresh(); return; }
        return open(d, cell, { push: false, focus: focus });
      });
    }

    document.addEventListener('click', function (e) {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      var a = e.target.closest && e.target.closest(LINK);
      if (!a) return;
      e.preventDefault();
      var td = a.closest('td'), table = a.closest('table');
      load().then(function (d) {
        open(d, { table: table, r: +td.dataset.r, c: +td.dataset.c }, { push: true, focus: true });
      }, function () { location.href = a.href; });
    });

    panel.querySelector('.cell-panel-close').addEventListener('click', function () { close(true); });
    document.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape' || !current || e.defaultPrevented) return;
      var active = document.activeElement;
      if (panel.contains(active) || active === document.body || !active) {
        e.preventDefault();
        close(true);
      }
    });
    more.addEventListener('click', function () { if (current) showMore(true); });
    downloads.addEventListener('click', function (e) {
      var button = e.target.closest('button[data-format]');
      if (!button || !current) return;
      var cell = current, format = button.getAttribute('data-format');
      var name = cell.param.split('~').slice(1).join('-');
      window.gapmapBrowse.download(root, cell.members.slice(), format, name);
    });

    window.addEventListener('popstate', function () { followAddress(true); });

    /* The map's own script redraws the counts when its filters change: the
     * open panel follows, and keeps its cell in the address. */
    function refresh() {
      if (!current || !data) return;
      var cell = current;
      if (cellParam() !== cell.param) setCellParam(cell.param, false);
      filteredNote.hidden = !filtersActive(data);
      withMembers(data, cell, function (members) {
        if (cell !== current || members.join() === cell.members.join()) return;
        open(data, { table: cell.table, r: cell.r, c: cell.c }, { push: false, focus: false });
      }).catch(function () { /* the map says why its words failed */ });
    }
    var pending = false;
    var watcher = new MutationObserver(function () {
      if (!current || pending) return;
      pending = true;
      setTimeout(function () { pending = false; refresh(); }, 0);
    });
    document.querySelectorAll('table.matrix').forEach(function (table) {
      watcher.observe(table, { childList: true, characterData: true, subtree: true });
    });

    // The map's data now, so that the first count opens at once.
    if (cellParam()) followAddress(true); else load().catch(function () {});
  }

  /* The shared script, if the page itself does not load it. */
  function withBrowse() {
    if (window.gapmapBrowse) { start(); return; }
    var host = document.querySelector('[data-root]');
    if (!host) return;
    var s = document.createElement('script');
    s.src = (host.getAttribute('data-root') || '') + 'assets/browse.js';
    s.onload = start;
    document.head.appendChild(s);
  }
  if (window.gapmapBrowse) start();
  else document.addEventListener('DOMContentLoaded', withBrowse);
})();
