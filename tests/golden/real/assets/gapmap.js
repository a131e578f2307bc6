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
    /* The facets are the site's own vocabularies: the names of the form's checkboxes. */
    var FACETS = [];
    form.querySelectorAll('input[type=checkbox]').forEach(function (box) {
      if (FACETS.indexOf(box.name) < 0) FACETS.push(box.name);
    });
    var list = document.querySelector('.study-list');
    var status = document.getElementById('result-count');
    if (!list) return;
    var items = Array.from(list.children);
    var data = items.map(function (li) {
      var link = li.querySelector('a');
      var d = { li: li, year: parseInt(li.dataset.year, 10) || null, title: li.dataset.title || '', href: link ? link.href : '' };
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
      state.q = (params.get('q') || '').trim();
      return state;
    }

    function stateToForm(state) {
      form.querySelectorAll('input[type=checkbox]').forEach(function (box) {
        box.checked = state[box.name].indexOf(box.value) >= 0;
      });
      form.elements.from.value = state.from || '';
      form.elements.to.value = state.to || '';
      form.querySelector('input[name=sort][value=' + state.sort + ']').checked = true;
      if (wordsField) wordsField.value = state.q;
    }

    function stateFromForm() {
      var state = {};
      FACETS.forEach(function (f) {
        state[f] = Array.from(form.querySelectorAll('input[name=' + f + ']:checked')).map(function (b) { return b.value; });
      });
      state.from = parseInt(form.elements.from.value, 10) || null;
      state.to = parseInt(form.elements.to.value, 10) || null;
      state.sort = form.querySelector('input[name=sort]:checked').value;
      state.q = wordsField ? wordsField.value.trim() : '';
      return state;
    }

    function query(state) {
      var params = new URLSearchParams();
      if (state.q) params.set('q', state.q);
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
      if (state.q && words.q === state.q && words.hrefs && !words.hrefs.has(d.href)) return false;
      return true;
    }

    /* The words field narrows the list by the search index (AND with the
       facets): the studies a search for them finds, fetched once per query. */
    var wordsField = form.elements.q || null, words = { q: '', hrefs: null, error: '' };
    function wordsPending(state) {
      if (!state.q) return false;
      if (words.q === state.q) return !words.hrefs && !words.error;
      var q = state.q;
      words = { q: q, hrefs: null, error: '' };
      status.textContent = wordsField.dataset.searching;
      window.gapmapSearchIds(wordsField.dataset.root, wordsField.dataset.lang, q).then(function (ids) {
        var hrefs = new Set();
        ids.forEach(function (path) { hrefs.add(new URL(wordsField.dataset.root + path, location.href).href); });
        return hrefs;
      }).then(function (hrefs) {
        if (words.q === q) { words.hrefs = hrefs; apply(stateFromForm()); }
      }, function (e) {
        if (words.q === q) { words.error = String(e.message || e); apply(stateFromForm()); }
      });
      return true;
    }

    function apply(state) {
      if (wordsPending(state)) return;
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
      status.textContent = state.q && words.error ? words.error
        : fill(shown === 1 ? form.dataset.oneStudy : form.dataset.nStudies, { n: shown });
    }

    var initial = stateFromUrl();
    stateToForm(initial);
    apply(initial);
    form.addEventListener('change', function () {
      var state = stateFromForm();
      history.pushState(null, '', query(state));
      apply(state);
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      /* Enter in the words field submits: apply it as a change would. */
      var state = stateFromForm();
      if (query(state) !== location.search) {
        history.pushState(null, '', query(state));
        apply(state);
      }
    });
    form.addEventListener('reset', function () {
      setTimeout(function () {
        var state = stateFromForm();
        history.pushState(null, '', query(state));
        apply(state);
      });
    });
    window.addEventListener('popstate', function () {
      var state = stateFromUrl();
      stateToForm(state);
      apply(state);
    });
  }

  /* ---- Search (search page, and the studies list's words) ---- */

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

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  /* BM25 over one language's index; every query token must match.
     `missing` lists the tokens the index does not hold at all. */
  function searchIndex(root, lang, tokens) {
    return loadScript(root, lang + '/meta').then(function (meta) {
      var shards = {};
      tokens.forEach(function (t) { shards[shardOf(t, meta.shards)] = true; });
      return Promise.all(Object.keys(shards).map(function (k) {
        return loadScript(root, lang + '/terms-' + k);
      })).then(function () {
        var n = meta.docs.length, scores = null, missing = [];
        tokens.forEach(function (t) {
          var shard = window.GAPMAP_SEARCH[lang + '/terms-' + shardOf(t, meta.shards)] || {};
          var postings = own(shard, t) ? decode(shard[t]) : [];
          if (postings.length === 0) missing.push(t);
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
        return { meta: meta, scores: scores || {}, missing: missing };
      });
    });
  }

  /* Several languages' results as one: a study's score is its best in any
     of them, and its snippet comes from the language that matched best.
     The first language is the page's: its documents give titles and links. */
  function searchIn(root, langs, tokens) {
    return Promise.all(langs.map(function (l) { return searchIndex(root, l, tokens); })).then(function (found) {
      var total = {}, from = {}, counts = {};
      found.forEach(function (f, i) {
        counts[langs[i]] = Object.keys(f.scores).length;
        Object.keys(f.scores).forEach(function (d) {
          if (!(d in total) || f.scores[d] > total[d]) { total[d] = f.scores[d]; from[d] = langs[i]; }
        });
      });
      var hits = tokens.length ? Object.keys(total).map(Number) : [];
      hits.sort(function (a, b) { return total[b] - total[a] || a - b; });
      var missing = tokens.filter(function (t) {
        return found.every(function (f) { return f.missing.indexOf(t) >= 0; });
      });
      return { meta: found[0].meta, langs: langs, hits: hits, from: from, counts: counts, missing: missing };
    });
  }

  function hasLatin(text) { return Array.from(text).some(latinLetter); }

  /* Han characters on the English pages, or Latin words and no Han on the
     Chinese ones: the query is written in the other language's script. */
  function inOtherScript(q, lang) {
    return lang === 'zh' ? hasLatin(q) && !HAN.test(q) : HAN.test(q);
  }

  /* A query's studies: in the page's language, and in the other language
     as well when the reader asks for both, when the query is written in the
     other language's script, or when the page's language has none
     (`auto` says the other language was searched without being asked). */
  function findStudies(root, lang, q, both) {
    var tokens = tokenize(q).filter(function (t, i, all) { return all.indexOf(t) === i; });
    return loadScript(root, lang + '/meta').then(function (meta) {
      var other = meta.other;
      var auto = !!other && !both && inOtherScript(q, lang);
      var langs = other && (both || auto) ? [lang, other] : [lang];
      return searchIn(root, langs, tokens).then(function (found) {
        if (langs.length === 1 && other && tokens.length && found.hits.length === 0) {
          return searchIn(root, [lang, other], tokens).then(function (again) {
            again.auto = true;
            return again;
          });
        }
        found.auto = auto;
        return found;
      });
    });
  }

  /* The studies a query finds, as their pages' paths from the site root
     (the studies list narrows by these). */
  window.gapmapSearchIds = function (root, lang, q) {
    return findStudies(root, lang, String(q || '').trim(), false).then(function (found) {
      return new Set(found.hits.map(function (d) { return found.meta.docs[d][2]; }));
    });
  };

  /* ---- Did you mean: the nearest frequent word of the index ---- */

  /* Optimal string alignment distance (Damerau-Levenshtein without
     repeated edits of a substring), given up once it exceeds `max`. */
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null, prev = [], j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      var row = [i], least = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
        row.push(v);
        if (v < least) least = v;
      }
      if (least > max) return max + 1;
      before = prev;
      prev = row;
    }
    return prev[b.length];
  }

  /* The word lists of the languages searched, as [word, documents], most
     frequent first (a word in both lists keeps its larger count). */
  function loadWords(root, langs) {
    return Promise.all(langs.map(function (l) { return loadScript(root, l + '/words'); })).then(function (lists) {
      var df = {};
      lists.forEach(function (groups) {
        (groups || []).forEach(function (g) {
          g[1].split(' ').forEach(function (w) { if (!own(df, w) || df[w] < g[0]) df[w] = g[0]; });
        });
      });
      return Object.keys(df).map(function (w) { return [w, df[w]]; }).sort(function (a, b) {
        return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
      });
    });
  }

  /* The closest word within one edit (words of up to four letters) or two,
     the most frequent of the closest. */
  function nearestWord(token, words) {
    var chars = Array.from(token), max = chars.length <= 4 ? 1 : 2, best = null, bestDistance = max + 1;
    for (var i = 0; i < words.length && bestDistance > 1; i++) {
      var d = editDistance(chars, Array.from(words[i][0]), bestDistance - 1);
      if (d < bestDistance) { best = words[i][0]; bestDistance = d; }
    }
    return best;
  }

  var LATIN_WORD = /(?:(?![\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}])[\p{Alphabetic}\p{N}])+/gu;

  /* The query with each misspelt word replaced, or null if none can be. */
  function correctedQuery(root, langs, q, missing) {
    var wrong = missing.filter(function (t) {
      return !HAN.test(t) && Array.from(t).length >= 3 && Array.from(t).every(function (c) { return /\p{Alphabetic}/u.test(c); });
    });
    if (wrong.length === 0) return Promise.resolve(null);
    return loadWords(root, langs).then(function (words) {
      var fixes = {}, any = false;
      wrong.forEach(function (t) {
        var w = nearestWord(t, words);
        if (w) { fixes[t] = w; any = true; }
      });
      if (!any) return null;
      return q.replace(LATIN_WORD, function (w) {
        var t = foldPlural(w.toLowerCase());
        return own(fixes, t) ? fixes[t] : w;
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

  /* The status line: how many studies match and, when the other language
     was searched without being asked, that it was and what it found. */
  function statusText(found, lang, q, t) {
    var n = found.hits.length, inPage = found.counts[lang] || 0;
    if (n === 0) return fill(found.langs.length > 1 ? t.tNoneBoth : t.tNone, { q: q });
    if (found.auto && inPage === 0) return fill(n === 1 ? t.tOtherOnlyOne : t.tOtherOnly, { n: n, q: q });
    if (found.auto) return fill(n === 1 ? t.tCountBothOne : t.tCountBoth, { n: n, q: q });
    return fill(n === 1 ? t.tCountOne : t.tCount, { n: n, q: q });
  }

  /* "Did you mean …?" with a link to the corrected query, after the status. */
  function offerCorrection(status, t, corrected, both) {
    var parts = t.tDidYouMean.split('{query}');
    var span = document.createElement('span');
    span.className = 'did-you-mean';
    span.appendChild(document.createTextNode(' ' + parts[0]));
    var a = document.createElement('a');
    a.href = 'index.html?q=' + encodeURIComponent(corrected) + (both ? '&both=1' : '');
    a.textContent = corrected;
    span.appendChild(a);
    span.appendChild(document.createTextNode(parts.slice(1).join('{query}')));
    status.appendChild(span);
  }

  function initSearch(results) {
    var root = results.dataset.root, lang = results.dataset.lang, t = results.dataset;
    var status = document.getElementById('search-status');
    var params = new URLSearchParams(location.search);
    var q = (params.get('q') || '').trim(), both = params.get('both') === '1';
    var form = document.querySelector('.search-form');
    form.elements.q.value = q;
    if (form.elements.both) form.elements.both.checked = both;
    if (!q) return;
    status.textContent = t.tLoading;
    results.setAttribute('aria-busy', 'true');
    findStudies(root, lang, q, both).then(function (found) {
      var meta = found.meta, hits = found.hits, from = found.from;
      status.textContent = statusText(found, lang, q, t);
      var waits = [];
      if (!found.counts[lang] && found.missing.length) {
        waits.push(correctedQuery(root, found.langs, q, found.missing).then(function (corrected) {
          if (corrected && corrected !== q) offerCorrection(status, t, corrected, both);
        }));
      }
      var inList = document.getElementById('search-in-list');
      if (hits.length && inList && meta.list) {
        inList.querySelector('a').href = root + meta.list + '?q=' + encodeURIComponent(q);
        inList.hidden = false;
      }
      var shown = hits.slice(0, 50);
      var shards = {};
      shown.forEach(function (d) { shards[from[d] + '/text-' + Math.floor(d / meta.text_shard)] = true; });
      waits.push(Promise.all(Object.keys(shards).map(function (key) {
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
          p.appendChild(snippet(text, q, tokenize(q)));
          li.appendChild(p);
          results.appendChild(li);
        });
      }));
      return Promise.all(waits);
    }).catch(function (e) {
      status.textContent = String(e.message || e);
    }).then(function () { results.removeAttribute('aria-busy'); });
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
