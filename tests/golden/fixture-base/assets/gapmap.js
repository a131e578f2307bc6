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

  /* The list's pages come from the build; a filter or the title order
   * shows the matching studies of the whole map instead, from the browse
   * data (assets/browse.js), a hundred at a time. The address keeps the
   * filters under the form's names (population=youth, status=ongoing). */
  var STEP = 100;

  function initFilters(form) {
    var browse = window.gapmapBrowse;
    var list = document.querySelector('.study-list');
    var status = document.getElementById('result-count');
    if (!list || !browse) return;
    var main = document.getElementById('main');
    var root = main.dataset.root || '', lang = main.dataset.lang || 'en';
    var t = form.dataset;
    var wordsField = form.elements.q || null;
    var active = document.getElementById('active-filters');
    var chips = active.querySelector('.chips');
    var line = document.getElementById('filter-line');
    var none = document.getElementById('no-results');
    var more = document.getElementById('show-more');
    var downloads = document.getElementById('selection-downloads');
    var pagination = document.querySelector('.pagination');
    var serverItems = Array.from(list.children);
    var serverCounts = {};
    form.querySelectorAll('[data-count-for]').forEach(function (el) { serverCounts[el.dataset.countFor] = el.textContent; });
    /* Each checkbox group: its address name and its vocabulary in the data
     * (none for the status). */
    var GROUPS = [];
    form.querySelectorAll('fieldset').forEach(function (fieldset) {
      var box = fieldset.querySelector('input[type=checkbox]');
      if (!box) return;
      var v = fieldset.dataset.vocabulary;
      GROUPS.push({ name: box.name, vocabulary: v === undefined ? null : parseInt(v, 10) });
    });
    var panel = document.getElementById('filter-panel');
    panel.hidden = false;
    /* On a phone the list comes first; the filters fold away under their summary. */
    if (window.matchMedia && window.matchMedia('(max-width: 52rem)').matches) panel.open = false;

    var data = null, loading = null;
    function withData(then) {
      if (data) return then(data);
      if (!loading) loading = browse.load(root, lang).then(function (d) { data = d; return d; });
      return loading.then(then);
    }

    function stateFromUrl() {
      var params = new URLSearchParams(location.search), state = { sel: {} };
      GROUPS.forEach(function (g) { state.sel[g.name] = params.getAll(g.name); });
      state.from = parseInt(params.get('from'), 10) || null;
      state.to = parseInt(params.get('to'), 10) || null;
      state.sort = params.get('sort') === 'title' ? 'title' : 'year';
      state.q = (params.get('q') || '').trim();
      return state;
    }

    function stateToForm(state) {
      form.querySelectorAll('input[type=checkbox]').forEach(function (box) {
        box.checked = state.sel[box.name].indexOf(box.value) >= 0;
      });
      form.elements.from.value = state.from || '';
      form.elements.to.value = state.to || '';
      form.querySelector('input[name=sort][value=' + state.sort + ']').checked = true;
      if (wordsField) wordsField.value = state.q;
    }

    function stateFromForm() {
      var state = { sel: {} };
      GROUPS.forEach(function (g) {
        state.sel[g.name] = Array.from(form.querySelectorAll('input[name=' + g.name + ']:checked')).map(function (b) { return b.value; });
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
      GROUPS.forEach(function (g) { state.sel[g.name].forEach(function (v) { params.append(g.name, v); }); });
      if (state.from) params.set('from', state.from);
      if (state.to) params.set('to', state.to);
      if (state.sort !== 'year') params.set('sort', state.sort);
      var s = params.toString();
      return s ? '?' + s : location.pathname.split('/').pop() || '?';
    }

    function filtered(state) {
      return !!(state.from || state.to || state.q) || GROUPS.some(function (g) { return state.sel[g.name].length > 0; });
    }

    /* The state as the shared matching reads it: terms by vocabulary key. */
    function browseState(facets, state) {
      var out = { terms: {}, from: state.from, to: state.to, status: state.sel.status || [] };
      GROUPS.forEach(function (g) {
        if (g.vocabulary !== null) out.terms[facets.vocabularies[g.vocabulary].key] = state.sel[g.name];
      });
      return out;
    }
    function keyOf(facets, g) { return g.vocabulary === null ? 'status' : facets.vocabularies[g.vocabulary].key; }

    /* Each option counts the studies of the whole map it would leave,
     * given the other facets. */
    function countOptions(d, state, inWords) {
      var facets = d.facets, closure = browse.closure(facets), bstate = browseState(facets, state);
      GROUPS.forEach(function (g) {
        var passes = browse.matcher(facets, bstate, keyOf(facets, g)), tally = {};
        for (var i = 0; i < facets.studies.length; i++) {
          if (!inWords(i) || !passes(i)) continue;
          var values = g.vocabulary === null ? [facets.statuses[facets.studies[i][1]]]
            : closure[i][g.vocabulary].map(function (term) { return facets.vocabularies[g.vocabulary].terms[term]; });
          values.forEach(function (v) { tally[v] = (tally[v] || 0) + 1; });
        }
        form.querySelectorAll('input[name=' + g.name + ']').forEach(function (box) {
          var el = box.parentNode.querySelector('[data-count-for]');
          if (el) el.textContent = '(' + (tally[box.value] || 0) + ')';
        });
      });
    }

    /* The filters in force, each as its words ("Population: Youth") and
     * the form control that sets it, in the form's order. */
    function legendOf(input) { return input.closest('fieldset').querySelector('legend').textContent.trim(); }
    function activeFilters(state) {
      var out = [];
      form.querySelectorAll('input[type=checkbox]').forEach(function (box) {
        if (state.sel[box.name].indexOf(box.value) < 0) return;
        var words = Array.from(box.parentNode.childNodes)
          .filter(function (n) { return n.nodeType === 3; })
          .map(function (n) { return n.textContent; }).join('').trim();
        out.push({ text: legendOf(box) + t.tLabel + words, input: box });
      });
      if (state.q && wordsField) {
        out.push({ text: wordsField.labels[0].textContent.trim() + t.tLabel + state.q, input: wordsField });
      }
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
    var chipWords = null;
    function showFilters(state, shown) {
      var filters = activeFilters(state);
      var words = filters.map(function (f) { return f.text; }).join(t.tSeparator);
      active.hidden = filters.length === 0;
      line.hidden = filters.length === 0;
      line.textContent = filters.length ? fill(t.tFiltered, { filters: words }) : '';
      none.hidden = shown > 0 || filters.length === 0;
      none.querySelector('p').textContent = fill(t.tNone, { filters: words });
      /* The same chips stay, and keep the focus, while the studies load. */
      if (words === chipWords) return;
      chipWords = words;
      chips.textContent = '';
      filters.forEach(function (f, i) {
        var li = browse.chip(f.text, fill(t.tRemove, { filter: f.text }));
        li.firstChild.addEventListener('click', function () {
          clear(f.input);
          changed();
          /* Focus stays among the chips: the next one, else the count. */
          var left = chips.querySelectorAll('button');
          (left[Math.min(i, left.length - 1)] || status).focus();
        });
        chips.appendChild(li);
      });
    }

    function announce(n) {
      status.textContent = fill(n === 1 ? t.oneStudy : t.nStudies, { n: n });
    }

    /* A study's item as the build's list shows it (partials/study_item.html):
     * title, year and terms, each vocabulary where the list puts it, and
     * its one-line finding. */
    function place(name) { return (t[name] || '').split(' ').filter(Boolean).map(Number); }
    var AFTER_YEAR = place('afterYear'), AFTER_SIZE = place('afterSize'), TAGS = place('tags');
    function item(d, i, l) {
      var study = d.facets.studies[i];
      var labels = function (v) {
        return (study[2][v] || []).map(function (term) { return d.labels.vocabularies[v].terms[term]; });
      };
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.className = 'study-title';
      a.dir = 'auto';
      a.href = root + l[1];
      a.textContent = l[0];
      li.appendChild(a);
      /* English shown for want of a translation is marked, as the build's
       * list marks it. */
      if (l[3] & 1) {
        a.lang = 'en';
        var badge = document.createElement('span');
        badge.className = 'untranslated';
        badge.textContent = t.tUntranslated;
        li.appendChild(document.createTextNode(' '));
        li.appendChild(badge);
      }
      var meta = [study[0] ? String(study[0]) : t.tYearUnknown];
      var words = function (v) {
        var found = labels(v);
        if (found.length) meta.push(found.join(t.tList));
      };
      AFTER_YEAR.forEach(words);
      if (study[3]) meta.push(fill(t.tParticipants, { n: study[3] }));
      AFTER_SIZE.forEach(words);
      var span = document.createElement('span');
      span.className = 'study-meta';
      span.textContent = meta.join(' · ');
      li.appendChild(document.createTextNode(' '));
      li.appendChild(span);
      TAGS.forEach(function (v) {
        var words = labels(v);
        if (!words.length) return;
        var tags = document.createElement('span');
        tags.className = 'study-tags';
        var name = document.createElement('span');
        name.className = 'visually-hidden';
        name.textContent = d.labels.vocabularies[v].name + t.tLabel;
        tags.appendChild(name);
        tags.appendChild(document.createTextNode(words.join(t.tList)));
        li.appendChild(document.createTextNode(' '));
        li.appendChild(tags);
      });
      if (l[2]) {
        var finding = document.createElement('span');
        finding.className = 'study-finding';
        finding.textContent = l[2];
        if (l[3] & 2) finding.lang = 'en';
        li.appendChild(document.createTextNode(' '));
        li.appendChild(finding);
      }
      return li;
    }

    /* What the list shows now: the studies in order (null for the build's
     * page as it is) and how many of them are on screen. */
    var selection = null, shownCount = 0, generation = 0;

    function showMore(d, first) {
      var next = selection.slice(shownCount, shownCount + STEP), mine = generation;
      list.setAttribute('aria-busy', 'true');
      return browse.lines(root, lang, next).then(function (lines) {
        if (mine !== generation) return;
        var added = next.map(function (i, k) { return item(d, i, lines[k]); });
        added.forEach(function (li) { list.appendChild(li); });
        shownCount += added.length;
        more.parentNode.hidden = shownCount >= selection.length;
        list.removeAttribute('aria-busy');
        /* "Show more" leaves the reader on the first study it added. */
        if (!first && added.length) added[0].querySelector('a').focus();
      });
    }

    function apply(state) {
      var mine = ++generation;
      showFilters(state, 1);
      if (!filtered(state) && state.sort === 'year') {
        /* The build's page, as it came. */
        selection = null;
        list.removeAttribute('aria-busy');
        if (list.firstElementChild !== serverItems[0] || list.children.length !== serverItems.length) {
          list.textContent = '';
          serverItems.forEach(function (li) { list.appendChild(li); });
        }
        if (pagination) pagination.hidden = false;
        more.parentNode.hidden = true;
        Object.keys(serverCounts).forEach(function (k) {
          var el = form.querySelector('[data-count-for="' + k + '"]');
          if (el) el.textContent = serverCounts[k];
        });
        announce(parseInt(t.total, 10) || serverItems.length);
        return;
      }
      list.setAttribute('aria-busy', 'true');
      withData(function (d) {
        if (mine !== generation) return;
        /* The words narrow the list by the search index (AND with the
         * facets, and in the options' counts): its documents are the
         * studies, in the same order. */
        if (state.q) status.textContent = wordsField.dataset.searching;
        var found = !state.q ? Promise.resolve(null)
          : window.gapmapSearchIndices(wordsField.dataset.root, wordsField.dataset.lang, state.q);
        return found.then(function (hits) {
          if (mine !== generation) return;
          var bstate = browseState(d.facets, state);
          var inWords = function (i) { return hits === null || hits.has(i); };
          var passes = browse.matcher(d.facets, bstate, null);
          var matching = d.labels.order.filter(function (i) { return inWords(i) && passes(i); });
          countOptions(d, state, inWords);
          return listed(d, state, matching);
        });
      }).catch(function (e) { list.removeAttribute('aria-busy'); status.textContent = String(e.message || e); });
    }

    /* The matching studies in the order chosen, shown a hundred at a time. */
    function listed(d, state, matching) {
      var mine = generation;
      var ordered = state.sort !== 'title' ? Promise.resolve(matching)
          : browse.lines(root, lang, matching).then(function (lines) {
            var title = {};
            matching.forEach(function (i, k) { title[i] = lines[k][0]; });
            return matching.slice().sort(function (a, b) { return title[a].localeCompare(title[b], lang) || a - b; });
          });
        return ordered.then(function (order) {
          if (mine !== generation) return;
          selection = order;
          shownCount = 0;
          list.textContent = '';
          if (pagination) pagination.hidden = true;
          return showMore(d, true).then(function () {
            if (mine !== generation) return;
            announce(order.length);
            showFilters(state, order.length);
          });
        });
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
      if (wordsField) clear(wordsField);
      changed();
      status.focus();
    }

    /* A selection's references, made in the browser: the studies shown
     * (all of them, not only those on screen), or the whole list. */
    function download(format) {
      return withData(function (d) {
        browse.download(root, selection || d.labels.order, format, 'studies-selection');
      });
    }

    var initial = stateFromUrl();
    stateToForm(initial);
    apply(initial);
    form.addEventListener('change', changed);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      /* Enter in the words field: applied as a change would be. */
      if (query(stateFromForm()) !== location.search) changed();
    });
    form.addEventListener('reset', function () { setTimeout(changed); });
    document.querySelectorAll('.clear-all').forEach(function (b) { b.addEventListener('click', clearAll); });
    more.addEventListener('click', function () { withData(function (d) { return showMore(d, false); }); });
    downloads.hidden = false;
    downloads.querySelectorAll('button[data-format]').forEach(function (b) {
      b.addEventListener('click', function () { download(b.dataset.format); });
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
  /* The same, as study indices: the index's documents are the site's
     studies in the model's order, as in assets/browse/facets.js. */
  window.gapmapSearchIndices = function (root, lang, q) {
    return findStudies(root, lang, String(q || '').trim(), false).then(function (found) {
      return new Set(found.hits);
    });
  };

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

  /* The word lists of the languages searched, as [index word, documents,
     spelling], most frequent first. A list names each word as the text
     spells it most often ("does"); folding that spelling gives the index's
     word ("doe"), whose count ranks it. A word in both lists keeps its
     larger count, and that list's spelling. */
  function loadWords(root, langs) {
    return Promise.all(langs.map(function (l) { return loadScript(root, l + '/words'); })).then(function (lists) {
      var words = {};
      lists.forEach(function (groups) {
        (groups || []).forEach(function (g) {
          g[1].split(' ').forEach(function (spelling) {
            var w = foldPlural(spelling);
            if (!own(words, w) || words[w][1] < g[0]) words[w] = [w, g[0], spelling];
          });
        });
      });
      return Object.keys(words).map(function (w) { return words[w]; }).sort(function (a, b) {
        return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
      });
    });
  }

  /* The closest word within one edit (words of up to four letters) or two,
     the most frequent of the closest, as the text spells it. Close is the
     nearer of the typed word to the spelling (seriez → series) and of its
     folded token to the index's word (supervisons → supervision). */
  function nearestWord(typed, token, words) {
    var typedChars = Array.from(typed), chars = Array.from(token);
    var max = chars.length <= 4 ? 1 : 2, best = null, bestDistance = max + 1;
    for (var i = 0; i < words.length && bestDistance > 1; i++) {
      var d = editDistance(chars, Array.from(words[i][0]), bestDistance - 1);
      if (d > 1 && words[i][2] !== words[i][0]) {
        d = Math.min(d, editDistance(typedChars, Array.from(words[i][2]), bestDistance - 1));
      }
      if (d < bestDistance) { best = words[i][2]; bestDistance = d; }
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
      var corrected = q.replace(LATIN_WORD, function (w) {
        var typed = w.toLowerCase(), t = foldPlural(typed);
        if (wrong.indexOf(t) < 0) return w;
        if (!own(fixes, typed)) fixes[typed] = nearestWord(typed, t, words);
        if (!fixes[typed]) return w;
        any = true;
        return fixes[typed];
      });
      return any ? corrected : null;
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

  /* A map's filters travel with its counts' links and back: a count opened
   * in a new tab carries them to the cell's page, which says that it lists
   * every study of the cell (the build's page cannot filter), and its way
   * back to the map keeps them. Links are rewritten as they are about to
   * be followed, since the filters change as the reader goes. */
  var MAP_STATE = ['tab', 'view', 'cell'];
  function filtersIn(search) {
    var params = new URLSearchParams(search);
    MAP_STATE.forEach(function (k) { params.delete(k); });
    return params.toString();
  }
  function carryFilters() {
    function withSearch(link) {
      var base = link.getAttribute('href').split(/[?#]/)[0];
      var hash = link.getAttribute('href').split('#')[1];
      var filters = filtersIn(location.search);
      link.setAttribute('href', base + (filters ? '?' + filters : '') + (hash ? '#' + hash : ''));
    }
    document.querySelectorAll('table.matrix[data-map]').forEach(function (table) {
      ['mousedown', 'keydown', 'contextmenu', 'focusin'].forEach(function (type) {
        table.addEventListener(type, function (e) {
          var link = e.target.closest && e.target.closest('td a');
          if (link) withSearch(link);
        });
      });
    });
    var back = document.querySelector('a.back-to-map');
    if (!back) return;
    if (filtersIn(location.search)) {
      var note = document.getElementById('filtered-elsewhere');
      if (note) note.hidden = false;
    }
    back.addEventListener('click', function () {
      var base = back.getAttribute('href').split(/[?#]/)[0];
      var hash = back.getAttribute('href').split('#')[1];
      back.setAttribute('href', base + location.search + (hash ? '#' + hash : ''));
    });
  }

  function start() {
    keepStateAcrossLanguages();
    carryFilters();
    var filters = document.getElementById('filters');
    if (filters) initFilters(filters);
    var results = document.getElementById('search-results');
    if (results) initSearch(results);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
