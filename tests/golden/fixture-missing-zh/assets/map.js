/* gapmap: the map page. Tabs between a map's tables, the view of a cell
 * (heat, bubble, segments), the map filtered in the browser and the grid's
 * keyboard movement. Without this script every table stays on the page,
 * the view radios still work (CSS :has()) and every count links to its
 * cell's page. The data is GAPMAP_FACETS and GAPMAP_LABELS, loaded with
 * <script src> by browse.js (works from file://, under script-src 'self');
 * the words field narrows by the search index (gapmap.js), as the studies
 * list's does, and browse.js's `matcher` says which studies pass.
 * Counting follows the build's (src/model/matrix.rs): a study counts in
 * a cell when a row term (or one below it) and a column term (likewise) are
 * its own; totals count distinct studies. */
(function () {
  'use strict';

  var section = document.querySelector('section.map');
  if (!section) return;
  var home = section.closest('[data-root]') || document.querySelector('[data-root]') || section;
  var root = home.dataset.root || '';
  var lang = home.dataset.lang || document.documentElement.lang.slice(0, 2);
  var T = (document.getElementById('map-filter-panel') || section).dataset;
  var tables = Array.prototype.slice.call(section.querySelectorAll('table.matrix[data-map]'));
  var nav = section.querySelector('.map-switch');
  var tabs = [];

  function fill(template, values) {
    return String(template || '').replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function params() { return new URLSearchParams(location.search); }
  function panelOf(table) { return table.closest('.matrix-scroll'); }

  /* ---- the address: filters (browse.js), tab, view, the open cell ---- */

  var facets = null, labels = null, closure = null, state = null;

  function currentTab() {
    var on = tabs.filter(function (t) { return t.getAttribute('aria-selected') === 'true'; })[0];
    return on && on !== tabs[0] ? on.dataset.table : '';
  }
  function currentView() {
    var on = section.querySelector('input[name=view]:checked');
    return on && on.value !== 'heat' ? on.value : '';
  }
  /* A fragment naming a table was a way to a tab: the tab param replaces it. */
  function keptHash() { return tabFor(location.hash.slice(1)) ? '' : location.hash; }
  function address() {
    var extra = { tab: currentTab(), view: currentView(), cell: params().get('cell') || '' };
    var q;
    if (facets && window.gapmapBrowse) {
      q = window.gapmapBrowse.stateQuery(facets, state, extra);
    } else {
      var p = params();
      ['tab', 'view'].forEach(function (k) { if (extra[k]) p.set(k, extra[k]); else p.delete(k); });
      q = p.toString() ? '?' + p.toString() : '';
    }
    return (q === '?' ? '' : q) + keptHash();
  }
  function remember() {
    var next = address();
    if (next === location.search + location.hash) return;
    /* An address with no query at all: the page itself. */
    if (next.charAt(0) !== '?') next = (location.pathname.split('/').pop() || './') + next;
    history.pushState(null, '', next);
  }

  /* ---- tabs: the ARIA tabs pattern over the links to each table ---- */

  function selectTab(tab, focus) {
    var table = document.getElementById(tab.dataset.table);
    if (table) drawPending(table);
    tabs.forEach(function (t) {
      var on = t === tab;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
    });
    if (focus) tab.focus();
  }
  function tabFor(id) {
    return tabs.filter(function (t) { return t.dataset.table === id; })[0] || null;
  }

  function initTabs() {
    if (!nav || tables.length < 2) return;
    var list = nav.querySelector('ul');
    list.setAttribute('role', 'tablist');
    list.setAttribute('aria-label', nav.getAttribute('aria-label'));
    list.querySelectorAll('li').forEach(function (li) { li.setAttribute('role', 'presentation'); });
    list.querySelectorAll('a').forEach(function (a) {
      var id = a.getAttribute('href').replace(/^.*#/, '');
      var table = document.getElementById(id);
      if (!table) return;
      var panel = panelOf(table);
      a.id = 'tab-' + id;
      a.dataset.table = id;
      a.setAttribute('role', 'tab');
      a.setAttribute('aria-controls', panel.id);
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', a.id);
      tabs.push(a);
    });
    nav.classList.add('tabs');
    list.addEventListener('click', function (e) {
      var tab = e.target.closest('[role=tab]');
      if (!tab) return;
      e.preventDefault();
      if (tab.getAttribute('aria-selected') === 'true') return;
      selectTab(tab, true);
      remember();
    });
    list.addEventListener('keydown', function (e) {
      var i = tabs.indexOf(e.target), next = null;
      if (i < 0) return;
      if (e.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
      else if (e.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
      else if (e.key === 'Home') next = tabs[0];
      else if (e.key === 'End') next = tabs[tabs.length - 1];
      else if (e.key === ' ') { e.preventDefault(); return; }
      if (!next) return;
      e.preventDefault();
      selectTab(next, true);
      remember();
    });
  }

  function tabFromAddress() {
    if (!tabs.length) return;
    var wanted = params().get('tab') || location.hash.slice(1);
    selectTab(tabFor(wanted) || tabs[0], false);
  }

  /* ---- views: the radios work with CSS alone; the address keeps them ---- */

  function viewFromAddress() {
    var wanted = params().get('view') || 'heat';
    var radio = section.querySelector('input[name=view][value="' + wanted.replace(/[^a-z]/g, '') + '"]') ||
      section.querySelector('input[name=view][value=heat]');
    if (radio) radio.checked = true;
  }

  /* ---- the grid pattern: one tab stop per table, arrows move ---- */

  /* The table as a grid of positions, a cell spanning several holding each. */
  function layout(table) {
    var grid = [];
    Array.prototype.forEach.call(table.rows, function (tr, y) {
      grid[y] = grid[y] || [];
      var x = 0;
      Array.prototype.forEach.call(tr.cells, function (cell) {
        while (grid[y][x]) x++;
        for (var dy = 0; dy < (cell.rowSpan || 1); dy++) {
          for (var dx = 0; dx < (cell.colSpan || 1); dx++) {
            grid[y + dy] = grid[y + dy] || [];
            grid[y + dy][x + dx] = cell;
          }
        }
        x += cell.colSpan || 1;
      });
    });
    return grid;
  }
  function target(cell) {
    var a = cell.querySelector('a');
    if (a) return a;
    if (!cell.hasAttribute('tabindex')) cell.tabIndex = -1;
    return cell;
  }
  function rove(table, el) {
    table.querySelectorAll('[tabindex="0"]').forEach(function (o) { if (o !== el) o.tabIndex = -1; });
    el.tabIndex = 0;
  }
  /* After a filter swaps links and gaps, one element still takes the tab stop. */
  function keepTabStop(table) {
    var on = table.querySelector('[tabindex="0"]');
    if (on) {
      var cell = on.closest('td, th');
      var el = target(cell);
      if (el !== on) rove(table, el);
      return;
    }
    var first = table.querySelector('tbody td') || table.querySelector('td, th');
    if (first) rove(table, target(first));
  }

  function initGrid(table) {
    table.setAttribute('role', 'grid');
    table.querySelectorAll('a').forEach(function (a) { a.tabIndex = -1; });
    var panel = panelOf(table);
    /* The grid's own tab stop scrolls it: the wrapper needs none. */
    if (panel) panel.removeAttribute('tabindex');
    keepTabStop(table);
    var grid = layout(table);
    function position(cell) {
      for (var y = 0; y < grid.length; y++) {
        var x = grid[y].indexOf(cell);
        if (x >= 0) return [y, x];
      }
      return null;
    }
    table.addEventListener('focusin', function (e) {
      var cell = e.target.closest('td, th');
      if (cell && table.contains(cell)) rove(table, e.target);
    });
    table.addEventListener('keydown', function (e) {
      var cell = e.target.closest('td, th');
      if (!cell || e.altKey || e.metaKey) return;
      var at = position(cell);
      if (!at) return;
      var y = at[0], x = at[1], next = null, row = grid[y];
      function step(dy, dx) {
        var ny = y, nx = x;
        while (true) {
          ny += dy; nx += dx;
          if (ny < 0 || ny >= grid.length || nx < 0 || nx >= grid[ny].length) return null;
          if (grid[ny][nx] && grid[ny][nx] !== cell) return grid[ny][nx];
        }
      }
      switch (e.key) {
        case 'ArrowRight': next = step(0, 1); break;
        case 'ArrowLeft': next = step(0, -1); break;
        case 'ArrowDown': next = step(1, 0); break;
        case 'ArrowUp': next = step(-1, 0); break;
        case 'Home': next = e.ctrlKey ? grid[0][0] : row[0]; break;
        case 'End':
          if (e.ctrlKey) { var last = grid[grid.length - 1]; next = last[last.length - 1]; }
          else next = row[row.length - 1];
          break;
        default: return;
      }
      e.preventDefault();
      if (!next) return;
      var el = target(next);
      rove(table, el);
      el.focus();
    });
  }

  /* ---- the map filtered in the browser ---- */

  var form = document.getElementById('map-filters');
  var chips = document.getElementById('map-chips');
  var status = document.getElementById('map-status');
  var steps = [];

  function levelOf(n) {
    var level = 0;
    for (var i = 0; i < steps.length; i++) if (n >= steps[i]) level = i + 1;
    return level;
  }
  function nStudies(n) { return fill(n === 1 ? T.tOneStudy : T.tNStudies, { n: n }); }
  function termLabel(v, t) { return labels.vocabularies[v].terms[t]; }
  /* A facet's name heading a chip: the vocabulary's singular, capitalised. */
  function facetName(v) {
    var s = labels.vocabularies[v].singular;
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function stateToForm() {
    if (!form) return;
    if (form.elements.q) form.elements.q.value = state.q || '';
    form.querySelectorAll('input[type=checkbox]').forEach(function (box) {
      var chosen = box.name === 'status' ? state.status : state.terms[box.name] || [];
      box.checked = chosen.indexOf(box.value) >= 0;
    });
    form.elements.from.value = state.from || '';
    form.elements.to.value = state.to || '';
  }
  function stateFromForm() {
    var next = { q: form.elements.q ? form.elements.q.value.trim() : '', terms: {}, from: null, to: null, status: [] };
    facets.vocabularies.forEach(function (v) {
      if (!v.filter) return;
      next.terms[v.key] = Array.prototype.map.call(
        form.querySelectorAll('input[type=checkbox][name="' + v.key + '"]:checked'),
        function (b) { return b.value; });
    });
    next.status = Array.prototype.map.call(form.querySelectorAll('input[name=status]:checked'), function (b) { return b.value; });
    next.from = parseInt(form.elements.from.value, 10) || null;
    next.to = parseInt(form.elements.to.value, 10) || null;
    return next;
  }

  /* Each active filter as [words, how to remove it]. */
  function activeFilters() {
    var out = [];
    if (state.q) out.push({ group: 'q', text: T.tWords + T.tLabelSeparator + state.q, remove: function () { state.q = ''; } });
    facets.vocabularies.forEach(function (v, vi) {
      (state.terms[v.key] || []).forEach(function (slug) {
        var t = v.terms.indexOf(slug);
        if (t < 0) return;
        out.push({
          group: vi,
          text: facetName(vi) + T.tLabelSeparator + termLabel(vi, t),
          value: termLabel(vi, t),
          remove: function () { state.terms[v.key] = state.terms[v.key].filter(function (s) { return s !== slug; }); }
        });
      });
    });
    if (state.from) out.push({ group: 'from', text: fill(T.tFrom, { year: state.from }), remove: function () { state.from = null; } });
    if (state.to) out.push({ group: 'to', text: fill(T.tTo, { year: state.to }), remove: function () { state.to = null; } });
    state.status.forEach(function (s) {
      if (facets.statuses.indexOf(s) < 0) return;
      /* A status's words are the theme's: its option's in the form. */
      var box = form && form.querySelector('input[name=status][value="' + s + '"]');
      var words = box ? box.closest('label').textContent.trim() : s;
      out.push({
        group: 'status', value: words,
        text: T.tStatus + T.tLabelSeparator + words,
        remove: function () { state.status = state.status.filter(function (o) { return o !== s; }); }
      });
    });
    return out;
  }

  /* "Population: Youth or Women; from 2020" for the announcement. */
  function describe(active) {
    var parts = [], groups = {};
    active.forEach(function (f) {
      if (f.value === undefined) { parts.push(f.text); return; }
      if (!(f.group in groups)) {
        groups[f.group] = parts.length;
        var name = f.group === 'status' ? T.tStatus : facetName(f.group);
        parts.push([name, []]);
      }
      parts[groups[f.group]][1].push(f.value);
    });
    return parts.map(function (p) {
      if (typeof p === 'string') return p;
      var words = p[1];
      var joined = words.length < 2 ? words.join('') :
        words.slice(0, -1).join(T.tListSeparator) + T.tListOr + words[words.length - 1];
      return p[0] + T.tLabelSeparator + joined;
    }).join(T.tFilterSeparator);
  }

  function showChips(active) {
    if (!chips) return;
    var list = chips.querySelector('ul');
    list.textContent = '';
    active.forEach(function (f, i) {
      var li = window.gapmapBrowse.chip(f.text, fill(T.tRemoveFilter, { filter: f.text }));
      li.firstChild.dataset.index = i;
      list.appendChild(li);
    });
    chips.hidden = active.length === 0;
  }

  function option(box) {
    return box.closest('label').querySelector('[data-count-for]');
  }

  /* What each option would leave, given the other facets and the words. */
  /* `matching`: the studies every filter leaves, shared by the facets
   * nothing is chosen in (leaving such a facet out changes nothing);
   * `hits`: the studies the words find (null: no words). */
  function optionCounts(matching, hits) {
    if (!form) return;
    facets.vocabularies.forEach(function (v, vi) {
      if (!v.filter) return;
      var n = new Int32Array(v.terms.length);
      var own = (state.terms[v.key] || []).length === 0 && matching;
      var tally = function (i) {
        var terms = closure[i][vi];
        for (var k = 0; k < terms.length; k++) n[terms[k]]++;
      };
      if (own) own.forEach(tally);
      else {
        var passes = window.gapmapBrowse.matcher(facets, state, v.key, hits);
        for (var i = 0; i < facets.studies.length; i++) {
          if (passes(i)) tally(i);
        }
      }
      form.querySelectorAll('input[type=checkbox][name="' + v.key + '"]').forEach(function (box) {
        var el = option(box), t = v.terms.indexOf(box.value);
        var words = '(' + n[t] + ')';
        if (el && t >= 0 && el.textContent !== words) el.textContent = words;
      });
    });
  }

  function splitLetters() {
    return Array.prototype.map.call(section.querySelectorAll('.key-segments .segment-key strong'), function (s) { return s.textContent; });
  }

  /* The counts of one table over the matching studies, in flat arrays
   * (row term × column term; and × segment part for the split). */
  function count(table, matching) {
    var r = +table.dataset.rows, c = +table.dataset.columns;
    var s = table.dataset.segment === undefined ? -1 : +table.dataset.segment;
    var tops = {}, ntops = 0;
    /* topOf[t]: the segment of term t (a top term's place), or -1. */
    var topOf = s >= 0 ? new Int32Array(facets.vocabularies[s].terms.length).fill(-1) : null;
    if (s >= 0) facets.vocabularies[s].parents.forEach(function (p, t) { if (p === -1) { topOf[t] = ntops; tops[t] = ntops++; } });
    var nr = facets.vocabularies[r].terms.length, nc = facets.vocabularies[c].terms.length;
    var width = ntops + 1;
    var cells = new Int32Array(nr * nc), rows = new Int32Array(nr), columns = new Int32Array(nc), all = 0;
    var parts = s >= 0 ? new Int32Array(nr * nc * width) : null;
    var split = [];
    for (var m = 0; m < matching.length; m++) {
      var i = matching[m], R = closure[i][r], C = closure[i][c];
      if (!R.length || !C.length) continue;
      all++;
      var a, b, k;
      for (a = 0; a < R.length; a++) rows[R[a]]++;
      for (b = 0; b < C.length; b++) columns[C[b]]++;
      if (parts) {
        split.length = 0;
        var S = closure[i][s];
        for (k = 0; k < S.length; k++) if (topOf[S[k]] >= 0) split.push(topOf[S[k]]);
        if (!split.length) split.push(ntops);
      }
      for (a = 0; a < R.length; a++) {
        for (b = 0; b < C.length; b++) {
          var at = R[a] * nc + C[b];
          cells[at]++;
          if (parts) for (k = 0; k < split.length; k++) parts[at * width + split[k]]++;
        }
      }
    }
    return {
      n: function (row, column) { return cells[row * nc + column]; },
      parts: function (row, column) {
        var at = (row * nc + column) * width;
        return parts ? Array.prototype.slice.call(parts, at, at + width) : null;
      },
      rows: rows, columns: columns, all: all, segment: s, tops: tops, ntops: ntops
    };
  }

  function cellName(table, r, c, n, parts, counted) {
    var name = fill(T.tCell, {
      count: nStudies(n),
      row: termLabel(+table.dataset.rows, r),
      column: termLabel(+table.dataset.columns, c)
    });
    if (!parts) return name;
    var words = [], s = counted.segment;
    Object.keys(counted.tops).forEach(function (t) {
      var k = counted.tops[t];
      if (parts[k]) words.push(termLabel(s, +t) + ' ' + parts[k]);
    });
    if (parts[counted.ntops]) words.push(T.tNotGiven + ' ' + parts[counted.ntops]);
    return fill(T.tCellSplit, {
      cell: name, segment: labels.vocabularies[s].singular, parts: words.join(T.tListSeparator)
    });
  }

  function drawSplit(td, parts, n, letters) {
    var bar = td.querySelector('.segments'), text = td.querySelector('.segment-counts');
    if (!bar || !text) return;
    var pieces = [], words = [];
    parts.forEach(function (m, k) {
      if (!m) return;
      var tenths = Math.min(10, Math.max(1, Math.floor((m * 10 + Math.floor(n / 2)) / n)));
      pieces.push('seg seg-' + k + ' tenths-' + tenths);
      words.push((letters[k] || '') + m);
    });
    var key = pieces.join('|');
    if (bar.dataset.drawn === undefined) {
      bar.dataset.drawn = Array.prototype.map.call(bar.children, function (el) { return el.className; }).join('|');
    }
    if (bar.dataset.drawn !== key) {
      bar.textContent = '';
      pieces.forEach(function (name) {
        var piece = document.createElement('span');
        piece.className = name;
        bar.appendChild(piece);
      });
      bar.dataset.drawn = key;
    }
    var line = words.join(' ');
    if (text.textContent !== line) text.textContent = line;
  }

  function setCount(td, n, name, parts, letters) {
    var shade = td.className.replace(/\blevel-\d+\b/, 'level-' + levelOf(n));
    if (shade !== td.className) td.className = shade;
    var a = td.querySelector('a');
    if (n === 0) {
      /* A cell the filters empty reads as a gap: no link, no split. */
      var split = td.querySelectorAll('.segments, .segment-counts');
      if (split.length) {
        td._split = Array.prototype.slice.call(split);
        td._split.forEach(function (el) { el.remove(); });
      }
      if (a) {
        td._link = a;
        var gap = document.createElement('span');
        gap.className = 'gap';
        gap.title = T.tGap;
        gap.textContent = '0';
        a.replaceWith(gap);
        if (a.tabIndex === 0) rove(td.closest('table'), target(td));
      }
      return;
    }
    if (!a && td._link) {
      a = td._link;
      td.querySelector('.gap').replaceWith(a);
      if (td.tabIndex === 0) { td.removeAttribute('tabindex'); rove(td.closest('table'), a); }
      else if (td.hasAttribute('tabindex')) td.removeAttribute('tabindex');
    }
    if (!a) return;
    if (td._split) {
      td._split.forEach(function (el) { td.appendChild(el); });
      td._split = null;
    }
    var figure = a.querySelector('.n');
    if (figure && figure.textContent !== String(n)) figure.textContent = n;
    if (a.getAttribute('aria-label') !== name) a.setAttribute('aria-label', name);
    if (parts) drawSplit(td, parts, n, letters);
  }

  /* Unfiltered, the page as built already shows every count: only say so. */
  function announce(matching, active) {
    var total = facets.studies.length;
    var words = active.length === 0 ? fill(T.tShowsAll, { total: total }) :
      matching === 0 ? fill(T.tNone, { filters: describe(active) }) :
        fill(T.tShows, { n: matching, total: total, filters: describe(active) });
    section.classList.toggle('is-filtered', active.length > 0);
    if (status && status.textContent !== words) status.textContent = words;
  }

  /* The words are looked up first (at once when known); a newer change
   * drops an older look-up's answer. */
  var generation = 0;
  function recount() {
    var mine = ++generation;
    return window.gapmapBrowse.withWords(root, lang, state, function (hits) {
      if (mine === generation) redraw(hits);
    }, function () {
      section.setAttribute('aria-busy', 'true');
      if (status) status.textContent = T.tSearching;
    }).catch(function (e) {
      if (mine !== generation) return;
      section.removeAttribute('aria-busy');
      if (status) status.textContent = String(e && e.message || e);
    });
  }

  /* A filtered map is drawn in two steps: the table in view and the
   * chips and status at once, then, when the browser is next idle (after
   * that frame is painted), the tables of the other tabs and the options'
   * counts, so a filter answers within a frame however many tables the
   * page holds. The section is aria-busy until the second step; a tab
   * chosen before it is drawn as it is chosen (drawPending). */
  var pending = null;
  function redraw(hits) {
    var matching = [], passes = window.gapmapBrowse.matcher(facets, state, null, hits);
    for (var i = 0; i < facets.studies.length; i++) {
      if (passes(i)) matching.push(i);
    }
    var letters = splitLetters(), later = [];
    tables.forEach(function (table) {
      if (panelOf(table).hidden) later.push(table);
      else drawTable(table, matching, letters);
    });
    var active = activeFilters();
    showChips(active);
    announce(matching.length, active);
    var mine = pending = { matching: matching, letters: letters, hits: hits, tables: later };
    section.setAttribute('aria-busy', 'true');
    var finish = function () { if (pending === mine) finishDrawing(); };
    if (window.requestIdleCallback) window.requestIdleCallback(finish, { timeout: 300 });
    else requestAnimationFrame(function () { setTimeout(finish, 0); });
  }

  function drawTable(table, matching, letters) {
    var counted = count(table, matching);
    table.querySelectorAll('td[data-r][data-c]').forEach(function (td) {
      var r = +td.dataset.r, c = +td.dataset.c, n = counted.n(r, c);
      var parts = counted.parts(r, c);
      setCount(td, n, n ? cellName(table, r, c, n, parts, counted) : '', parts, letters);
    });
    table.querySelectorAll('td.total').forEach(function (td) {
      var n = 'all' in td.dataset ? counted.all :
        'r' in td.dataset ? counted.rows[td.dataset.r] || 0 :
          'c' in td.dataset ? counted.columns[td.dataset.c] || 0 : null;
      if (n !== null && td.textContent !== String(n)) td.textContent = n;
    });
    keepTabStop(table);
  }

  /* A table about to show that the last filter has not drawn yet. */
  function drawPending(table) {
    if (!pending || pending.tables.indexOf(table) < 0) return;
    pending.tables.splice(pending.tables.indexOf(table), 1);
    drawTable(table, pending.matching, pending.letters);
  }

  function finishDrawing() {
    var p = pending;
    pending = null;
    p.tables.forEach(function (table) { drawTable(table, p.matching, p.letters); });
    optionCounts(p.matching, p.hits);
    section.removeAttribute('aria-busy');
  }

  function afterChange() {
    stateToForm();
    recount();
    remember();
  }

  /* What the form offers follows the studies, which the page does not
   * hold (it follows from the framework alone): the years they span, and
   * a status only when they have more than one. */
  function fitFormToData() {
    var years = facets.studies.map(function (st) { return st[0]; }).filter(Boolean);
    if (years.length) {
      var lo = Math.min.apply(null, years), hi = Math.max.apply(null, years);
      [form.elements.from, form.elements.to].forEach(function (input, i) {
        input.min = lo;
        input.max = hi;
        input.placeholder = i === 0 ? lo : hi;
      });
    }
    var used = {};
    facets.studies.forEach(function (st) { used[st[1]] = true; });
    var statuses = form.querySelector('.status-filter');
    if (statuses) statuses.hidden = Object.keys(used).length < 2;
  }

  function initFilters() {
    steps = facets.steps || [];
    state = window.gapmapBrowse.stateFromUrl(facets);
    state.status = state.status || [];
    state.terms = state.terms || {};
    if (form) {
      var panel = document.getElementById('map-filter-panel');
      if (panel) panel.hidden = false;
      fitFormToData();
      stateToForm();
      form.addEventListener('change', function () { state = stateFromForm(); recount(); remember(); });
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        /* Enter in the words field: applied as a change would be. */
        var next = stateFromForm();
        if (window.gapmapBrowse.stateQuery(facets, next) === window.gapmapBrowse.stateQuery(facets, state)) return;
        state = next;
        recount();
        remember();
      });
    }
    if (chips) {
      chips.addEventListener('click', function (e) {
        var b = e.target.closest('button');
        if (!b) return;
        var active = activeFilters();
        if (b.classList.contains('chip')) {
          var i = +b.dataset.index;
          if (active[i]) active[i].remove();
          afterChange();
          var left = chips.querySelectorAll('.chip');
          var next = left[Math.min(i, left.length - 1)] || document.querySelector('#map-filter-panel > summary');
          if (next) next.focus();
        } else {
          state = { q: '', terms: {}, from: null, to: null, status: [] };
          afterChange();
          var summary = document.querySelector('#map-filter-panel > summary');
          if (summary) summary.focus();
        }
      });
    }
    if (window.gapmapBrowse.isFiltered(state)) recount();
    else {
      optionCounts(null, null);
      announce(facets.studies.length, []);
    }
  }

  /* ---- start ---- */

  initTabs();
  tabFromAddress();
  viewFromAddress();
  tables.forEach(initGrid);
  section.addEventListener('change', function (e) {
    if (e.target.name === 'view') remember();
  });
  window.addEventListener('popstate', function () {
    tabFromAddress();
    viewFromAddress();
    if (facets) {
      state = window.gapmapBrowse.stateFromUrl(facets);
      state.status = state.status || [];
      stateToForm();
      recount();
    }
  });
  window.addEventListener('hashchange', function () {
    var tab = tabFor(location.hash.slice(1));
    if (tab) selectTab(tab, false);
  });
  if (window.gapmapBrowse) {
    window.gapmapBrowse.load(root, lang).then(function (data) {
      facets = data.facets;
      labels = data.labels;
      closure = window.gapmapBrowse.closure(facets);
      initFilters();
    }).catch(function (e) {
      if (status) status.textContent = String(e && e.message || e);
    });
  }
})();
