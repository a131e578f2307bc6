/* gapmap: facet filters for the studies page and search for the search page.
 * Hand-written, no framework, no fetch: the search index is plain scripts
 * that assign window.GAPMAP_SEARCH, loaded with <script src>, so everything
 * works from file:// as on a web server, under script-src 'self'.
 * The tokenizer must match src/search.rs (a browser test checks it). */
(function () {
  'use strict';

  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/u;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  function latinLetter(c) { return WORD.test(c) && !HAN.test(c); }

  function foldPlural(w) {
    var n = Array.from(w).length;
    if (n > 4 && /ies$/.test(w)) return w.slice(0, -3) + 'y';
    if (n > 4 && /(sses|xes|ches|shes|zes)$/.test(w)) return w.slice(0, -2);
    if (n > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }

  function tokenize(text) {
    var tokens = [], word = '', han = [];
    function flushWord() { if (word) { tokens.push(foldPlural(word)); word = ''; } }
    function flushHan() {
      if (han.length === 1) tokens.push(han[0]);
      for (var i = 0; i + 1 < han.length; i++) tokens.push(han[i] + han[i + 1]);
      han = [];
    }
    for (var c of String(text).toLowerCase()) {
      if (HAN.test(c)) { flushWord(); han.push(c); }
      else if (WORD.test(c)) { flushHan(); word += c; }
      else { flushWord(); flushHan(); }
    }
    flushWord(); flushHan();
    return tokens;
  }

  function shardOf(token, shards) {
    var bytes = new TextEncoder().encode(token), hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % Math.max(shards, 1);
  }

  window.gapmapTokenize = tokenize;
  window.gapmapShardOf = shardOf;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  /* ---- Filters (studies page) ---- */

  function initFilters(form) {
    /* The facets are the site's own vocabularies and the status: the names of the form's checkboxes. */
    var FACETS = [];
    form.querySelectorAll('input[type=checkbox]').forEach(function (box) {
      if (FACETS.indexOf(box.name) < 0) FACETS.push(box.name);
    });
    var list = document.querySelector('.study-list');
    var status = document.getElementById('result-count');
    if (!list) return;
    var t = form.dataset;
    var active = document.getElementById('active-filters');
    var chips = active.querySelector('.chips');
    var line = document.getElementById('filter-line');
    var none = document.getElementById('no-results');
    var items = Array.from(list.children);
    var data = items.map(function (li) {
      var d = { li: li, year: parseInt(li.dataset.year, 10) || null, title: li.dataset.title || '' };
      FACETS.forEach(function (f) { d[f] = (li.getAttribute('data-' + f) || '').split(' ').filter(Boolean); });
      return d;
    });
    var panel = document.getElementById('filter-panel');
    panel.hidden = false;
    /* On a phone the list comes first; the filters fold away under their summary. */
    if (window.matchMedia && window.matchMedia('(max-width: 52rem)').matches) panel.open = false;

    function stateFromUrl() {
      var params = new URLSearchParams(location.search), state = {};
      FACETS.forEach(function (f) { state[f] = params.getAll(f); });
      state.from = parseInt(params.get('from'), 10) || null;
      state.to = parseInt(params.get('to'), 10) || null;
      state.sort = params.get('sort') === 'title' ? 'title' : 'year';
      return state;
    }

    function stateToForm(state) {
      form.querySelectorAll('input[type=checkbox]').forEach(function (box) {
        box.checked = state[box.name].indexOf(box.value) >= 0;
      });
      form.elements.from.value = state.from || '';
      form.elements.to.value = state.to || '';
      form.querySelector('input[name=sort][value=' + state.sort + ']').checked = true;
    }

    function stateFromForm() {
      var state = {};
      FACETS.forEach(function (f) {
        state[f] = Array.from(form.querySelectorAll('input[name=' + f + ']:checked')).map(function (b) { return b.value; });
      });
      state.from = parseInt(form.elements.from.value, 10) || null;
      state.to = parseInt(form.elements.to.value, 10) || null;
      state.sort = form.querySelector('input[name=sort]:checked').value;
      return state;
    }

    function query(state) {
      var params = new URLSearchParams();
      FACETS.forEach(function (f) { state[f].forEach(function (v) { params.append(f, v); }); });
      if (state.from) params.set('from', state.from);
      if (state.to) params.set('to', state.to);
      if (state.sort !== 'year') params.set('sort', state.sort);
      var s = params.toString();
      return s ? '?' + s : location.pathname.split('/').pop() || '?';
    }

    /* Within a facet any selected value matches (OR); facets combine (AND). */
    function matches(d, state, except) {
      for (var i = 0; i < FACETS.length; i++) {
        var f = FACETS[i], wanted = state[f];
        if (f === except || wanted.length === 0) continue;
        if (!wanted.some(function (v) { return d[f].indexOf(v) >= 0; })) return false;
      }
      if (state.from && (d.year === null || d.year < state.from)) return false;
      if (state.to && (d.year === null || d.year > state.to)) return false;
      return true;
    }

    /* The filters in force, each as its words ("Population: Youth") and
     * the form control that sets it, in the form's order. */
    function legendOf(input) { return input.closest('fieldset').querySelector('legend').textContent.trim(); }
    function activeFilters(state) {
      var out = [];
      form.querySelectorAll('input[type=checkbox]').forEach(function (box) {
        if (state[box.name].indexOf(box.value) < 0) return;
        var words = Array.from(box.parentNode.childNodes)
          .filter(function (n) { return n.nodeType === 3; })
          .map(function (n) { return n.textContent; }).join('').trim();
        out.push({ text: legendOf(box) + t.tLabel + words, input: box });
      });
      [['from', t.tFrom], ['to', t.tTo]].forEach(function (y) {
        var input = form.elements[y[0]];
        if (state[y[0]]) out.push({ text: legendOf(input) + t.tLabel + fill(y[1], { year: state[y[0]] }), input: input });
      });
      return out;
    }

    function clear(input) {
      if (input.type === 'checkbox') input.checked = false;
      else input.value = '';
    }

    /* Chips to remove one filter, "clear all", the printed line naming the
     * filters, and what to do when nothing matches. */
    function showFilters(state, shown) {
      var filters = activeFilters(state);
      var words = filters.map(function (f) { return f.text; }).join(t.tSeparator);
      chips.textContent = '';
      filters.forEach(function (f, i) {
        var li = document.createElement('li');
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'chip';
        button.setAttribute('aria-label', fill(t.tRemove, { filter: f.text }));
        button.appendChild(document.createTextNode(f.text + ' '));
        var x = document.createElement('span');
        x.setAttribute('aria-hidden', 'true');
        x.textContent = '×';
        button.appendChild(x);
        button.addEventListener('click', function () {
          clear(f.input);
          changed();
          /* Focus stays among the chips: the next one, else the count. */
          var left = chips.querySelectorAll('button');
          (left[Math.min(i, left.length - 1)] || status).focus();
        });
        li.appendChild(button);
        chips.appendChild(li);
      });
      active.hidden = filters.length === 0;
      line.hidden = filters.length === 0;
      line.textContent = filters.length ? fill(t.tFiltered, { filters: words }) : '';
      none.hidden = shown > 0 || filters.length === 0;
      none.querySelector('p').textContent = fill(t.tNone, { filters: words });
    }

    function apply(state) {
      var shown = 0;
      data.forEach(function (d) {
        var ok = matches(d, state, null);
        d.li.hidden = !ok;
        if (ok) shown++;
      });
      /* Each option counts the studies it would leave, given the other facets. */
      form.querySelectorAll('[data-count-for]').forEach(function (el) {
        var parts = el.dataset.countFor.split('='), f = parts[0], v = parts[1];
        var n = data.filter(function (d) { return d[f].indexOf(v) >= 0 && matches(d, state, f); }).length;
        el.textContent = '(' + n + ')';
      });
      var sorted = data.slice().sort(function (a, b) {
        if (state.sort === 'title') return a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
        return (b.year || 0) - (a.year || 0) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
      });
      sorted.forEach(function (d) { list.appendChild(d.li); });
      status.textContent = fill(shown === 1 ? form.dataset.oneStudy : form.dataset.nStudies, { n: shown });
      showFilters(state, shown);
    }

    function changed() {
      var state = stateFromForm();
      history.pushState(null, '', query(state));
      apply(state);
    }

    function clearAll() {
      form.querySelectorAll('input[type=checkbox]').forEach(clear);
      clear(form.elements.from);
      clear(form.elements.to);
      changed();
      status.focus();
    }

    var initial = stateFromUrl();
    stateToForm(initial);
    apply(initial);
    form.addEventListener('change', changed);
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    form.addEventListener('reset', function () { setTimeout(changed); });
    document.querySelectorAll('.clear-all').forEach(function (b) { b.addEventListener('click', clearAll); });
    window.addEventListener('popstate', function () {
      var state = stateFromUrl();
      stateToForm(state);
      apply(state);
    });
  }

  /* ---- Search (search page) ---- */

  var loaded = {};
  function loadScript(root, key) {
    window.GAPMAP_SEARCH = window.GAPMAP_SEARCH || {};
    if (window.GAPMAP_SEARCH[key]) return Promise.resolve(window.GAPMAP_SEARCH[key]);
    if (!loaded[key]) {
      loaded[key] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = root + 'assets/search/' + key + '.js';
        s.onload = function () { resolve(window.GAPMAP_SEARCH[key]); };
        s.onerror = function () { reject(new Error('cannot load ' + s.src)); };
        document.head.appendChild(s);
      });
    }
    return loaded[key];
  }

  function decode(list) {
    var out = [], doc = 0;
    for (var i = 0; i < list.length; i += 2) { doc += list[i]; out.push([doc, list[i + 1]]); }
    return out;
  }

  /* BM25 over one language's index; every query token must match. */
  function searchIndex(root, lang, tokens) {
    return loadScript(root, lang + '/meta').then(function (meta) {
      var shards = {};
      tokens.forEach(function (t) { shards[shardOf(t, meta.shards)] = true; });
      return Promise.all(Object.keys(shards).map(function (k) {
        return loadScript(root, lang + '/terms-' + k);
      })).then(function () {
        var n = meta.docs.length, scores = null;
        tokens.forEach(function (t) {
          var shard = window.GAPMAP_SEARCH[lang + '/terms-' + shardOf(t, meta.shards)] || {};
          var postings = Object.prototype.hasOwnProperty.call(shard, t) ? decode(shard[t]) : [];
          var idf = Math.log(1 + (n - postings.length + 0.5) / (postings.length + 0.5));
          var next = {};
          postings.forEach(function (p) {
            var dl = meta.docs[p[0]][3], tf = p[1];
            var s = idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * dl / (meta.avgdl || 1)));
            if (scores === null) next[p[0]] = s;
            else if (p[0] in scores) next[p[0]] = scores[p[0]] + s;
          });
          scores = next;
        });
        return { meta: meta, scores: scores || {} };
      });
    });
  }

  function snippet(text, query, tokens) {
    var lower = text.toLowerCase(), needles = [];
    query.toLowerCase().split(/\s+/).filter(Boolean).forEach(function (w) {
      needles.push(w.length > 4 ? w.slice(0, w.length - 2) : w);
    });
    tokens.forEach(function (t) { if (HAN.test(t)) needles.push(t); });
    var at = -1;
    needles.forEach(function (n) { var i = lower.indexOf(n); if (i >= 0 && (at < 0 || i < at)) at = i; });
    var start = Math.max(0, at - 60);
    /* Start the excerpt at a word boundary rather than mid-word. */
    while (start > 0 && start < at && latinLetter(text.charAt(start - 1))) start++;
    var piece = text.slice(start, start + 200);
    var frag = document.createDocumentFragment();
    if (start > 0) frag.appendChild(document.createTextNode('…'));
    var lowerPiece = piece.toLowerCase(), i = 0;
    while (i < piece.length) {
      var next = -1, len = 0;
      needles.forEach(function (n) {
        var j = lowerPiece.indexOf(n, i);
        if (j >= 0 && (next < 0 || j < next)) { next = j; len = n.length; }
      });
      if (next < 0) { frag.appendChild(document.createTextNode(piece.slice(i))); break; }
      frag.appendChild(document.createTextNode(piece.slice(i, next)));
      /* A folded needle ("supervisi") marks the whole word it starts. */
      while (next + len < piece.length && latinLetter(piece.charAt(next + len))) len++;
      var mark = document.createElement('mark');
      mark.textContent = piece.slice(next, next + len);
      frag.appendChild(mark);
      i = next + len;
    }
    if (start + 200 < text.length) frag.appendChild(document.createTextNode('…'));
    return frag;
  }

  function initSearch(results) {
    var root = results.dataset.root, lang = results.dataset.lang, other = results.dataset.other;
    var status = document.getElementById('search-status');
    var params = new URLSearchParams(location.search);
    var q = (params.get('q') || '').trim(), both = params.get('both') === '1';
    var form = document.querySelector('.search-form');
    form.elements.q.value = q;
    form.elements.both.checked = both;
    if (!q) return;
    var tokens = tokenize(q).filter(function (t, i, all) { return all.indexOf(t) === i; });
    status.textContent = results.dataset.tLoading;
    var langs = both && other ? [lang, other] : [lang];
    Promise.all(langs.map(function (l) { return searchIndex(root, l, tokens); })).then(function (found) {
      /* A study's score is its best in either language; its snippet comes
         from the language that matched best. */
      var meta = found[0].meta, total = {}, from = {};
      found.forEach(function (f, i) {
        Object.keys(f.scores).forEach(function (d) {
          if (!(d in total) || f.scores[d] > total[d]) { total[d] = f.scores[d]; from[d] = langs[i]; }
        });
      });
      var hits = tokens.length ? Object.keys(total).map(Number) : [];
      hits.sort(function (a, b) { return total[b] - total[a] || a - b; });
      if (hits.length === 0) {
        status.textContent = fill(results.dataset.tNone, { q: q });
        return;
      }
      status.textContent = fill(hits.length === 1 ? results.dataset.tCountOne : results.dataset.tCount, { n: hits.length, q: q });
      var shown = hits.slice(0, 50);
      var shards = {};
      shown.forEach(function (d) { shards[from[d] + '/text-' + Math.floor(d / meta.text_shard)] = true; });
      return Promise.all(Object.keys(shards).map(function (key) {
        return loadScript(root, key);
      })).then(function () {
        shown.forEach(function (d) {
          var doc = meta.docs[d];
          var text = (window.GAPMAP_SEARCH[from[d] + '/text-' + Math.floor(d / meta.text_shard)] || [])[d % meta.text_shard] || '';
          var li = document.createElement('li');
          var a = document.createElement('a');
          a.className = 'study-title';
          a.dir = 'auto';
          a.href = root + doc[2];
          a.textContent = doc[0];
          li.appendChild(a);
          var info = document.createElement('span');
          info.className = 'study-meta';
          info.textContent = doc[1] ? String(doc[1]) : '';
          li.appendChild(info);
          var p = document.createElement('p');
          p.className = 'snippet';
          if (from[d] !== lang) p.lang = from[d] === 'zh' ? 'zh-Hans' : from[d];
          p.appendChild(snippet(text, q, tokens));
          li.appendChild(p);
          results.appendChild(li);
        });
      });
    }).catch(function (e) { status.textContent = String(e.message || e); });
  }

  /* The language switch keeps what the address holds (the filters, the
   * query, the fragment), read when it is followed, since filtering and
   * searching rewrite the address as the reader goes. */
  function keepStateAcrossLanguages() {
    var link = document.querySelector('a.lang-switch');
    if (!link) return;
    link.addEventListener('click', function () {
      var base = link.getAttribute('href').split(/[?#]/)[0];
      link.setAttribute('href', base + location.search + location.hash);
    });
  }

  function start() {
    keepStateAcrossLanguages();
    var filters = document.getElementById('filters');
    if (filters) initFilters(filters);
    var results = document.getElementById('search-results');
    if (results) initSearch(results);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
