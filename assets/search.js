/* Search page (/tim-kiem/): a small UI over Pagefind's JS API. See docs/search.md.
 *
 * - reads ?q= (the header's search box is a plain GET form), searches as you type (debounced,
 *   no minimum length: Vietnamese words are short), keeps the URL in step;
 * - two indexes (docs/search.md): the names index (names, producers, places: small) answers first;
 *   the full-text index (descriptions too) is loaded only when the visitor asks for it
 *   ("Tìm cả trong phần giới thiệu sản phẩm", ?toan-van=1) or when no name matches;
 * - products first, then provinces and plans: two searches, on the filter `type` (OTHER_TYPES);
 * - filters (province as issued / now, group, stars, validity) with counts, and sorting;
 *   the filter counts are loaded only when the filter panel is opened or a filter is set;
 * - never runs a query without words (that would download the whole index);
 * - ranks with the page length left out (docs/search.md): the index weights a product's name by
 *   its standing (valid before expired, more stars first), and short pages must not win on length;
 * - opened from the file system (file://), says in Vietnamese that search needs a web server.
 */
(function () {
  "use strict";

  var app = document.getElementById("search-app");
  if (!app) return;
  if (location.protocol === "file:") {
    // Browsers do not let Pagefind fetch its index from the disk: say so, in place of results.
    var notice = document.getElementById("search-file");
    if (notice) notice.hidden = false;
    return;
  }

  var PAGE_SIZE = 10;
  var OTHERS_PAGE_SIZE = 5;
  var DEBOUNCE_MS = 220;
  var FILTER_KEYS = ["province", "province_now", "group", "stars", "validity"];
  // URL parameters (Vietnamese, short) for each filter and for sorting.
  var PARAMS = { province: "tinh", province_now: "nay-thuoc", group: "nhom", stars: "sao", validity: "hieu-luc" };
  var SORT_PARAM = "sap-xep";
  var FULL_TEXT_PARAM = "toan-van";
  var SORTS = { stars: { stars: "desc" }, name: { name: "asc" } };
  var KIND_LABELS = { province: "Tỉnh, thành phố", plan: "Kế hoạch" };
  // Products carry no `type` filter: they are the pages whose type is none of these (provinces, plans, and the
  // vocabulary record every bundle holds, ocop/search_vocabulary.py). A shard of products then has no `type`
  // filter for a first query to download (~14 KB a names shard at 20,000 products; docs/search.md).
  var OTHER_TYPES = ["province", "plan"];
  var NOT_PRODUCTS = { none: OTHER_TYPES.concat(["vocabulary"]) };
  // Pagefind's ranking without page length: names carry the standing of the product (weights in
  // templates/search_data.html); a short page must not come first for being short.
  var RANKING = { pageLength: 0, termFrequency: 0 };
  var STATUS_LABELS = {
    valid: ["ok", "Còn hiệu lực"], expiring: ["warn", "Sắp hết hạn"], uncertain: ["muted", "Có thể đã hết hạn"],
    expired: ["expired", "Đã hết hạn"], unknown: ["muted", "Chưa rõ thời hạn"]
  };

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-page-q");
  var headerInput = document.getElementById("site-search");
  var tools = document.getElementById("search-tools");
  var toolsCount = document.getElementById("search-tools-count");
  var sortSelect = document.getElementById("search-sort");
  var clearButton = document.getElementById("search-clear");
  var statusLine = document.getElementById("search-status");
  var scope = document.getElementById("search-scope");
  var scopeButton = document.getElementById("search-scope-button");
  var productsBox = document.getElementById("search-products");
  var othersBox = document.getElementById("search-others");
  var selects = {};
  FILTER_KEYS.forEach(function (key) { selects[key] = app.querySelector('select[data-filter="' + key + '"]'); });

  var state = readUrl();
  var loaded = { names: null, full: null };           // the loaded Pagefind modules, per index
  var loading = { names: null, full: null };          // …and the promise of each while it loads (loaded once)
  var filtersLoaded = { names: false, full: false };  // pagefind.filters() done: counts are available
  var sequence = 0;             // the latest search wins
  var timer = null;
  var current = null;           // {products: [...], others: [...], shownProducts, shownOthers}

  app.hidden = false;
  input.value = state.q;
  if (headerInput) headerInput.value = state.q;
  sortSelect.value = state.sort;
  if (hasFilters() || state.sort) tools.open = true;  // show what narrows these results
  else if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) tools.open = true;

  function readUrl() {
    var params = new URLSearchParams(location.search);
    var filters = {};
    FILTER_KEYS.forEach(function (key) {
      var value = params.get(PARAMS[key]);
      if (value) filters[key] = value;
    });
    var sort = params.get(SORT_PARAM) || "";
    return { q: (params.get("q") || "").trim(), filters: filters, sort: SORTS[sort] ? sort : "",
             full: params.get(FULL_TEXT_PARAM) === "1" };
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FILTER_KEYS.forEach(function (key) { if (state.filters[key]) params.set(PARAMS[key], state.filters[key]); });
    if (state.sort) params.set(SORT_PARAM, state.sort);
    if (state.full) params.set(FULL_TEXT_PARAM, "1");
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function hasFilters() {
    return FILTER_KEYS.some(function (key) { return !!state.filters[key]; });
  }

  // tier: "names" or "full". Each index is its own module (its own pagefind.js), loaded once.
  function loadPagefind(tier) {
    if (loaded[tier]) return Promise.resolve(loaded[tier]);
    if (!loading[tier]) {
      // one load per index: a second search while the shards merge must not merge them again
      loading[tier] = importIndex(tier).catch(function (error) { loading[tier] = null; throw error; });
    }
    return loading[tier];
  }

  function importIndex(tier) {
    var suffix = tier === "full" ? "-full" : "";
    var moduleUrl = new URL(app.getAttribute("data-pagefind" + suffix), location.href).href;
    var root = new URL(app.getAttribute("data-root"), location.href).pathname;
    // a large catalog's index comes in shards (ocop/search_shards.py): merged into one search
    var merge = (app.getAttribute("data-merge" + suffix) || "").split(" ").filter(Boolean);
    return import(moduleUrl).then(function (module) {
      return Promise.resolve(module.options({ baseUrl: root, excerptLength: 20, ranking: RANKING })).then(function () {
        return Promise.all(merge.map(function (bundle) {
          return module.mergeIndex(new URL(bundle, location.href).pathname, { baseUrl: root });
        }));
      }).then(function () {
        return module.init();
      }).then(function () {
        loaded[tier] = module;
        return module;
      });
    });
  }

  function loadFilterCounts(tier) {
    if (filtersLoaded[tier]) return Promise.resolve();
    return loadPagefind(tier).then(function (pf) { return pf.filters(); }).then(function () { filtersLoaded[tier] = true; });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function starsNode(n) {
    var span = el("span", "stars");
    span.setAttribute("role", "img");
    span.setAttribute("aria-label", n + " sao");
    for (var i = 0; i < 5; i++) {
      var star = el("span", i < n ? "on" : "off", "★");
      star.setAttribute("aria-hidden", "true");
      span.appendChild(star);
    }
    return span;
  }

  function noPhoto(title) {
    // The same "no photo" tile as the listings: the product's initial and the words, as text.
    var tile = el("span", "no-photo");
    var mark = el("span", "no-photo-mark", (title || "?").charAt(0).toUpperCase());
    mark.setAttribute("aria-hidden", "true");
    tile.appendChild(mark);
    tile.appendChild(el("span", "no-photo-text", "Chưa có ảnh"));
    return tile;
  }

  function productCard(data) {
    var meta = data.meta || {};
    var li = el("li", "card search-card");
    var thumb = el("span", "card-thumb");
    if (meta.image && meta.image !== "-") {
      var img = el("img");
      img.src = new URL(meta.image, new URL(data.url, location.href)).href;
      img.alt = "";
      img.loading = "lazy";
      img.decoding = "async";
      thumb.appendChild(img);
      li.classList.add("has-photo");
    } else {
      thumb.appendChild(noPhoto(meta.title));
    }
    li.appendChild(thumb);
    var body = el("span", "card-body");
    var link = el("a", "card-link");
    link.href = data.url;
    link.appendChild(el("span", "card-name", meta.title || data.url));
    body.appendChild(link);
    var stars = parseInt(meta.stars || "0", 10);
    var starLine = el("span", "card-stars");
    if (stars > 0) {
      starLine.appendChild(starsNode(stars));
    } else {
      starLine.appendChild(el("span", "stars none", "Chưa có quyết định công nhận"));
    }
    var status = STATUS_LABELS[meta.status];
    if (status) starLine.appendChild(el("span", "badge " + status[0], status[1]));
    if (meta.status && meta.status !== "valid" && meta.status !== "expiring") li.classList.add("card-past");
    body.appendChild(starLine);
    // Identical names are told apart by the producer and the place.
    body.appendChild(el("span", "card-meta", meta.producer || "Chưa rõ chủ thể"));
    var place = meta.province || "";
    if (meta.province_now) place += " (nay thuộc " + meta.province_now + ")";
    if (meta.locality) place = meta.locality + (place ? ", " + place : "");
    if (place) body.appendChild(el("span", "card-meta", place));
    li.appendChild(body);
    return li;
  }

  function otherItem(data) {
    var meta = data.meta || {};
    var li = el("li", "search-item");
    li.appendChild(el("span", "item-kind", KIND_LABELS[meta.type] || "Trang"));
    var link = el("a", "item-link", meta.title || data.url);
    link.href = data.url;
    li.appendChild(link);
    if (meta.desc) li.appendChild(el("span", "card-meta", meta.desc));
    return li;
  }

  function showSection(box, results, shown, render) {
    var list = box.querySelector("ul");
    var more = box.querySelector(".more-button");
    box.querySelector(".section-count").textContent = results.length ? "(" + results.length + ")" : "";
    box.hidden = results.length === 0;
    var already = list.children.length;
    var slice = results.slice(already, shown);
    var mine = sequence;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (items) {
      if (mine !== sequence) return;
      items.forEach(function (data) { list.appendChild(render(data)); });
      more.hidden = shown >= results.length;
    });
  }

  function setOptions(key, counts) {
    var select = selects[key];
    var chosen = state.filters[key] || "";
    var values = Object.keys(counts || {}).filter(function (v) { return counts[v] > 0 || v === chosen; });
    if (key === "stars") values.sort(function (a, b) { return b - a; });
    else values.sort(function (a, b) { return a.localeCompare(b, "vi"); });
    select.length = 1;
    values.forEach(function (value) {
      var label = (key === "stars" ? value + " sao" : value) + " (" + (counts[value] || 0) + ")";
      select.appendChild(new Option(label, value, false, value === chosen));
    });
    if (chosen && values.indexOf(chosen) < 0) select.appendChild(new Option(chosen + " (0)", chosen, false, true));
    select.value = chosen;
    select.disabled = values.length === 0 && !chosen;
  }

  // Counts per value of each filter, for this query: for a filter that is set, the counts are
  // those of the query without it (so every value shows how many it would give instead).
  function updateFilterCounts(tier, pf, term, productSearch, mine) {
    if (!filtersLoaded[tier]) return Promise.resolve();
    var jobs = FILTER_KEYS.map(function (key) {
      if (!state.filters[key]) return Promise.resolve(productSearch.filters[key]);
      var others = productFilters(key);
      return searchTerm(pf, term, { filters: others }).then(function (s) { return s ? s.filters[key] : {}; });
    });
    return Promise.all(jobs).then(function (all) {
      if (mine !== sequence) return;
      FILTER_KEYS.forEach(function (key, i) { setOptions(key, all[i]); });
    });
  }

  function productFilters(without) {
    var filters = { type: NOT_PRODUCTS };
    FILTER_KEYS.forEach(function (key) {
      if (key !== without && state.filters[key]) filters[key] = state.filters[key];
    });
    return filters;
  }

  function updateToolsCount() {
    var n = FILTER_KEYS.filter(function (key) { return !!state.filters[key]; }).length;
    toolsCount.textContent = n ? "(" + n + " bộ lọc)" : "";
    clearButton.hidden = !n && !state.sort;
  }

  function clearResults() {
    productsBox.querySelector("ul").textContent = "";
    othersBox.querySelector("ul").textContent = "";
  }

  // Pagefind folds tone marks, so "cá" also finds "cà". When the query has marks, the first
  // page of products is reordered (stably) so that titles with the very words typed come first.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
  }

  function words(text) {
    return text.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function memoized(results) {
    return results.map(function (result) {
      var loaded = null;
      return { data: function () { return loaded || (loaded = result.data()); } };
    });
  }

  function exactFirst(results, term) {
    var typed = words(term);
    if (state.sort || fold(term) === term) return Promise.resolve(results);
    var head = results.slice(0, PAGE_SIZE);
    return Promise.all(head.map(function (r) { return r.data(); })).then(function (items) {
      var ranked = head.map(function (result, i) {
        var title = words((items[i].meta && items[i].meta.title) || "");
        var exact = typed.filter(function (w) {
          return title.some(function (t) { return t.indexOf(w) === 0; });
        }).length;
        return { result: result, exact: exact, i: i };
      });
      ranked.sort(function (a, b) { return b.exact - a.exact || a.i - b.i; });
      return ranked.map(function (x) { return x.result; }).concat(results.slice(PAGE_SIZE));
    });
  }

  // A single short word ("gà", "cá") is searched as that exact word first: as a prefix it would
  // also match every "cao", "cam", "các"… and take seconds over 20,000 products (docs/search.md).
  // Only when the exact word finds nothing is it searched again as a prefix.
  var SHORT_WORD = 3;

  function isShortWord(term) {
    return !/\s/.test(term) && fold(term).length <= SHORT_WORD && term.indexOf('"') < 0;
  }

  function searchTerm(pf, term, options) {
    if (!isShortWord(term)) return pf.search(term, options);
    return pf.search('"' + term + '"', options).then(function (found) {
      return found && found.results.length ? found : pf.search(term, options);
    });
  }

  function setBusy(busy) {
    if (busy) app.setAttribute("aria-busy", "true");
    else app.removeAttribute("aria-busy");
  }

  function runSearch() {
    var mine = ++sequence;
    var term = state.q;
    setBusy(true);
    writeUrl();
    updateToolsCount();
    if (!term) {
      // No words, no query: browsing by filter alone is the static listings' job.
      clearResults();
      productsBox.hidden = othersBox.hidden = true;
      tools.hidden = true;
      scope.hidden = true;
      statusLine.textContent = "Gõ tên sản phẩm, tỉnh hoặc chủ thể để tìm; gõ không dấu cũng được (ví dụ: mien dong, banh tet).";
      setBusy(false);
      return Promise.resolve();
    }
    tools.hidden = false;
    statusLine.textContent = "Đang tìm…";
    var first = state.full ? "full" : "names";
    return searchIn(first, term, mine).then(function (found) {
      // No product's name matches: look in the descriptions at once (the visitor need not ask). Not under
      // filters: there "nothing" means nothing with those filters, which the status says.
      if (found && first === "names" && !hasFilters() && !found[0].results.length) {
        return searchIn("full", term, mine).then(function (more) { return more && { tier: "full", found: more, fellBack: true }; });
      }
      return found && { tier: first, found: found, fellBack: false };
    }).then(function (outcome) {
      if (!outcome || mine !== sequence) return;
      var found = outcome.found;
      return exactFirst(memoized(found[0].results), term).then(function (products) {
        if (mine !== sequence) return;
        var others = found[1] ? memoized(found[1].results) : [];
        current = { products: products, others: others, shownProducts: PAGE_SIZE, shownOthers: OTHERS_PAGE_SIZE,
                    tier: outcome.tier };
        clearResults();
        statusLine.textContent = summary(products.length, others.length, term, outcome);
        showScope(outcome);
        return Promise.all([
          showSection(productsBox, products, current.shownProducts, productCard),
          showSection(othersBox, others, current.shownOthers, otherItem),
          updateFilterCounts(outcome.tier, loaded[outcome.tier], term, found[0], mine)
        ]);
      });
    }).then(function () {
      if (mine === sequence) setBusy(false);
    }).catch(function (error) {
      if (mine !== sequence) return;
      setBusy(false);
      scope.hidden = true;
      statusLine.textContent = "Không tải được chỉ mục tìm kiếm. Hãy tải lại trang, hoặc duyệt danh mục theo tỉnh, nhóm, hạng sao bên dưới.";
      if (window.console) console.error(error);
    });
  }

  // [products search, provinces-and-plans search or null] of one index; null when a newer search began.
  function searchIn(tier, term, mine) {
    var needCounts = tools.open || hasFilters();
    return loadPagefind(tier).then(function (pf) {
      return (needCounts ? loadFilterCounts(tier) : Promise.resolve()).then(function () {
        if (mine !== sequence) return null;
        var productQuery = searchTerm(pf, term, { filters: productFilters(), sort: SORTS[state.sort] });
        var othersQuery = hasFilters() ? Promise.resolve(null)
          : searchTerm(pf, term, { filters: { type: { any: OTHER_TYPES } } });
        return Promise.all([productQuery, othersQuery]).then(function (found) {
          return mine === sequence && found[0] ? found : null;
        });
      });
    });
  }

  // The button that widens the search to the descriptions, or narrows it back to the names.
  function showScope(outcome) {
    scope.hidden = outcome.fellBack;
    scopeButton.textContent = outcome.tier === "full" ? "Chỉ tìm theo tên sản phẩm, chủ thể và nơi sản xuất"
      : "Tìm cả trong phần giới thiệu sản phẩm";
  }

  function summary(nProducts, nOthers, term, outcome) {
    var quoted = "“" + term + "”";
    if (!nProducts && !nOthers) {
      return "Không tìm thấy kết quả nào cho " + quoted + (hasFilters() ? " với bộ lọc đã chọn. Hãy bỏ bớt bộ lọc." :
        ". Hãy thử từ khóa ngắn hơn, hoặc duyệt danh mục bên dưới.");
    }
    var parts = [];
    if (nProducts || !nOthers) parts.push(nProducts + " sản phẩm");
    if (nOthers) parts.push(nOthers + " trang tỉnh, thành phố hoặc kế hoạch");
    var found = "tìm thấy " + parts.join(" và ");
    if (outcome.fellBack) {
      return "Không có tên sản phẩm nào khớp với " + quoted + "; tìm cả trong phần giới thiệu: " + found + ".";
    }
    if (outcome.tier === "full") return "Tìm cả trong phần giới thiệu: " + found + " cho " + quoted + ".";
    return "T" + found.slice(1) + " cho " + quoted + ".";
  }

  function schedule() {
    setBusy(true);
    clearTimeout(timer);
    timer = setTimeout(runSearch, DEBOUNCE_MS);
  }

  input.addEventListener("input", function () {
    state.q = input.value.trim();
    var pf = loaded[current ? current.tier : "names"];
    if (pf && state.q) pf.preload(state.q, { filters: productFilters() });
    schedule();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    state.q = input.value.trim();
    input.blur();  // closes the phone keyboard so the results are visible
    runSearch();
  });

  FILTER_KEYS.forEach(function (key) {
    selects[key].addEventListener("change", function () {
      if (selects[key].value) state.filters[key] = selects[key].value;
      else delete state.filters[key];
      runSearch();
    });
  });

  sortSelect.addEventListener("change", function () {
    state.sort = SORTS[sortSelect.value] ? sortSelect.value : "";
    runSearch();
  });

  clearButton.addEventListener("click", function () {
    state.filters = {};
    state.sort = "";
    sortSelect.value = "";
    runSearch();
  });

  tools.addEventListener("toggle", function () {
    if (tools.open && state.q && !filtersLoaded[current ? current.tier : "names"]) runSearch();
  });

  scopeButton.addEventListener("click", function () {
    state.full = !state.full;
    runSearch();
  });

  productsBox.querySelector(".more-button").addEventListener("click", function () {
    if (!current) return;
    current.shownProducts += PAGE_SIZE;
    showSection(productsBox, current.products, current.shownProducts, productCard);
  });

  othersBox.querySelector(".more-button").addEventListener("click", function () {
    if (!current) return;
    current.shownOthers += OTHERS_PAGE_SIZE * 2;
    showSection(othersBox, current.others, current.shownOthers, otherItem);
  });

  runSearch();
})();
