/* gapmap: what the map's and the studies list's scripts share. The build
 * writes the data as scripts under assets/browse/ (see src/export/browse.rs):
 * facets.js (every study's year, status and terms), <lang>/labels.js,
 * and, loaded only when needed, <lang>/lines-K.js (title, page, finding)
 * and cite-K.js (each study's RIS, BibTeX and CSV record). Loading them
 * with <script src> works from file:// and under script-src 'self'.
 * Counting follows the build's rules (src/model/matrix.rs): a term stands
 * for itself and every term below it. */
(function () {
  'use strict';

  var scripts = {};
  function loadScript(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = src;
        s.onload = function () { resolve(); };
        s.onerror = function () { reject(new Error('cannot load ' + src)); };
        document.head.appendChild(s);
      });
    }
    return scripts[src];
  }

  function load(root, lang) {
    return Promise.all([
      loadScript(root + 'assets/browse/facets.js'),
      loadScript(root + 'assets/browse/' + lang + '/labels.js')
    ]).then(function () {
      return { facets: window.GAPMAP_FACETS, labels: window.GAPMAP_LABELS[lang] };
    });
  }

  /* Per study, per vocabulary: its terms with their ancestors, each once. */
  function closure(facets) {
    if (facets.closure) return facets.closure;
    var vocabularies = facets.vocabularies;
    facets.closure = facets.studies.map(function (study) {
      return vocabularies.map(function (v, i) {
        var seen = {}, out = [];
        (study[2][i] || []).forEach(function (t) {
          for (var at = t; at >= 0 && !seen[at]; at = v.parents[at]) { seen[at] = true; out.push(at); }
        });
        return out;
      });
    });
    return facets.closure;
  }

  function vocabularyIndex(facets, key) {
    for (var i = 0; i < facets.vocabularies.length; i++) if (facets.vocabularies[i].key === key) return i;
    return -1;
  }

  /* The filters an address holds: the words (q, as the studies list names
   * them), each vocabulary's chosen terms (by slug, unknown ones dropped;
   * the address names a vocabulary by its `param`, population=youth, as
   * the studies list does), the year range and the statuses. The state
   * keys vocabularies by their `key`. */
  function stateFromUrl(facets, search) {
    var params = new URLSearchParams(search === undefined ? location.search : search);
    var state = { q: (params.get('q') || '').trim(), terms: {}, from: null, to: null, status: [] };
    facets.vocabularies.forEach(function (v) {
      state.terms[v.key] = params.getAll(v.param).filter(function (slug) { return v.terms.indexOf(slug) >= 0; });
    });
    state.from = parseInt(params.get('from'), 10) || null;
    state.to = parseInt(params.get('to'), 10) || null;
    state.status = params.getAll('status').filter(function (s) { return facets.statuses.indexOf(s) >= 0; });
    return state;
  }

  /* The address of a state: filters first, then `extra` (tab, view, cell). */
  function stateQuery(facets, state, extra) {
    var params = new URLSearchParams();
    if (state.q) params.set('q', state.q);
    facets.vocabularies.forEach(function (v) {
      (state.terms[v.key] || []).forEach(function (slug) { params.append(v.param, slug); });
    });
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
    (state.status || []).forEach(function (s) { params.append('status', s); });
    Object.keys(extra || {}).forEach(function (k) { if (extra[k]) params.set(k, extra[k]); });
    var s = params.toString();
    return s ? '?' + s : '';
  }

  function isFiltered(state) {
    if (state.q || state.from || state.to || (state.status && state.status.length)) return true;
    return Object.keys(state.terms).some(function (k) { return state.terms[k].length > 0; });
  }

  /* The studies the state's words find, as a Set of study indices, or
   * null when it has none, handed to `then`: at once when already known
   * (no words, or words looked up before), else once the search index
   * answers (gapmap.js's gapmapSearchIndices: the index's documents are
   * the studies in the model's order, as in facets.js). Returns a promise
   * of what `then` returns. `waiting` is called when the words must be
   * looked up first. */
  var found = {}, finding = {};
  function withWords(root, lang, state, then, waiting) {
    var q = String(state.q || '').trim();
    if (!q) return Promise.resolve(then(null));
    var key = lang + '\n' + q;
    if (found[key]) return Promise.resolve(then(found[key]));
    if (waiting) waiting();
    if (!finding[key]) {
      finding[key] = (window.gapmapSearchIndices ? window.gapmapSearchIndices(root, lang, q)
        : Promise.reject(new Error('cannot load ' + root + 'assets/gapmap.js')))
        .then(function (hits) { found[key] = hits; return hits; },
          function (e) { delete finding[key]; throw e; });
    }
    return finding[key].then(then);
  }

  /* The test of whether study i passes the filters and the words, built
   * once for a state to run over every study: within a vocabulary any
   * chosen term (or one below it) matches, the chosen terms looked up by
   * index; words (`hits`, the Set withWords gives), vocabularies, years
   * and status all apply. `exceptKey` leaves one vocabulary out (for its
   * options' counts). */
  function matcher(facets, state, exceptKey, hits) {
    var all = closure(facets), wanted = [];
    facets.vocabularies.forEach(function (v, k) {
      var chosen = state.terms[v.key] || [];
      if (v.key === exceptKey || chosen.length === 0) return;
      var on = new Uint8Array(v.terms.length);
      chosen.forEach(function (slug) { var t = v.terms.indexOf(slug); if (t >= 0) on[t] = 1; });
      wanted.push([k, on]);
    });
    var from = state.from || null, to = state.to || null;
    var statuses = exceptKey !== 'status' && state.status && state.status.length ? state.status : null;
    return function (i) {
      if (hits && !hits.has(i)) return false;
      var study = facets.studies[i], terms = all[i];
      for (var w = 0; w < wanted.length; w++) {
        var own = terms[wanted[w][0]], on = wanted[w][1], hit = false;
        for (var j = 0; j < own.length && !hit; j++) hit = on[own[j]] === 1;
        if (!hit) return false;
      }
      var year = study[0] || null;
      if (from && (year === null || year < from)) return false;
      if (to && (year === null || year > to)) return false;
      return !statuses || statuses.indexOf(facets.statuses[study[1]]) >= 0;
    };
  }

  /* A filter's chip, in its list item: a button that removes the filter,
   * named for a screen reader by `label` ("Remove filter Population:
   * Youth"), its × hidden from it. */
  function chip(text, label) {
    var li = document.createElement('li');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'chip';
    button.setAttribute('aria-label', label);
    button.textContent = text + ' ';
    var x = document.createElement('span');
    x.setAttribute('aria-hidden', 'true');
    x.textContent = '×';
    button.appendChild(x);
    li.appendChild(button);
    return li;
  }

  function shardsOf(indices, size) {
    var shards = {};
    indices.forEach(function (i) { shards[Math.floor(i / size)] = true; });
    return Object.keys(shards);
  }

  /* Where each study is in a language's list order: its lines' shards
   * follow that order, so the newest studies come from the first ones. */
  var places = {};
  function placeIn(lang) {
    if (!places[lang]) {
      var order = window.GAPMAP_LABELS[lang].order, at = [];
      for (var k = 0; k < order.length; k++) at[order[k]] = k;
      places[lang] = at;
    }
    return places[lang];
  }

  /* The lines ([title, href, finding]) of some studies, in the order asked
   * (load(root, lang) first: the places come from its labels). */
  function lines(root, lang, indices) {
    var size = window.GAPMAP_FACETS.shard, at = placeIn(lang);
    var positions = indices.map(function (i) { return at[i]; });
    return Promise.all(shardsOf(positions, size).map(function (k) {
      return loadScript(root + 'assets/browse/' + lang + '/lines-' + k + '.js');
    })).then(function () {
      return positions.map(function (p) {
        return window.GAPMAP_LINES[lang + '/' + Math.floor(p / size)][p % size];
      });
    });
  }

  var FORMATS = {
    ris: { column: 0, type: 'application/x-research-info-systems', ext: 'ris' },
    bib: { column: 1, type: 'application/x-bibtex', ext: 'bib' },
    csv: { column: 2, type: 'text/csv', ext: 'csv' }
  };

  /* A selection's file as the build writes the whole map's: RIS and BibTeX
   * records one after the other with a blank line between, CSV with its
   * header and a byte-order mark. */
  function buildFile(root, indices, format) {
    var f = FORMATS[format], size = window.GAPMAP_FACETS.shard;
    return Promise.all(shardsOf(indices, size).map(function (k) {
      return loadScript(root + 'assets/browse/cite-' + k + '.js');
    })).then(function () {
      var records = indices.map(function (i) {
        return window.GAPMAP_CITE[Math.floor(i / size)][i % size][f.column];
      });
      if (format === 'csv') return '\ufeff' + window.GAPMAP_FACETS.csv_header + records.join('');
      return records.join('\n');
    });
  }

  /* Saves a selection's file: a Blob behind a link with `download`. */
  function download(root, indices, format, name) {
    return buildFile(root, indices, format).then(function (text) {
      var f = FORMATS[format];
      var url = URL.createObjectURL(new Blob([text], { type: f.type + ';charset=utf-8' }));
      var a = document.createElement('a');
      a.href = url;
      a.download = name + '.' + f.ext;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  }

  window.gapmapBrowse = {
    loadScript: loadScript,
    load: load,
    closure: closure,
    vocabularyIndex: vocabularyIndex,
    stateFromUrl: stateFromUrl,
    stateQuery: stateQuery,
    isFiltered: isFiltered,
    withWords: withWords,
    matcher: matcher,
    chip: chip,
    lines: lines,
    buildFile: buildFile,
    download: download
  };
})();
