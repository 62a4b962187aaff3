// The header's search box over Pagefind's index (pagefind/, written by the kb plugin).
// Nothing of the index is fetched until the reader focuses the box. What a result shows is
// read from the result cards beside the index (pagefind/kb-results/, a file for the pages
// whose ids start alike), and built from text nodes only, never from HTML. Keys as in Material: "/", "s" or "f" open the search,
// Escape closes it, the arrow keys move through the results. After following a result, the
// words searched (query parameter "h") are marked on the page by Pagefind's highlighter.
(function () {
  "use strict";
  var box = document.querySelector("[data-kb-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var input = box.querySelector("input.md-search__input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var offline = box.querySelector(".kb-search-offline");
  var indexUrl = new URL(box.dataset.kbIndex, document.baseURI).href;
  var root = new URL("..", indexUrl).pathname; // the index is in pagefind/ at the site's root
  var placeholder = meta.textContent;
  var pagefind = null;
  var layout = null;
  var cards = {};
  var MAX_RESULTS = 20;
  var PUNCTUATION = /[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu;

  function load() {
    if (!pagefind) {
      pagefind = import(indexUrl).then(function (index) {
        return index.options({ baseUrl: root }).then(function () {
          index.init();
          return index;
        });
      });
      layout = json("kb-results/layout.json");
    }
    return pagefind;
  }

  function json(path) {
    return fetch(new URL(path, indexUrl)).then(function (response) {
      if (!response.ok) throw new Error(path + ": " + response.status);
      return response.json();
    });
  }

  // What a result shows: its card, and its address with the words searched (marked on the
  // page it opens), as Pagefind's own results give it: lower-cased, without punctuation.
  function card(result, query) {
    return layout.then(function (files) {
      var name = result.id.slice(0, result.id.indexOf("_") + 1 + files.digits);
      if (!cards[name]) cards[name] = json("kb-results/" + name + ".json");
      return cards[name];
    }).then(function (shared) {
      var found = shared[result.id];
      if (!found) return null; // an index rewritten since this page read it (make serve)
      var url = new URL(found.url, new URL(root, location.href));
      query.split(/\s+/).forEach(function (word) {
        word = word.replace(PUNCTUATION, "").toLocaleLowerCase();
        if (word) url.searchParams.append("h", word);
      });
      return { url: url.href, meta: found };
    });
  }

  function say(text) {
    meta.textContent = text;
  }

  function count(n) {
    if (n === 0) return box.dataset.kbNone;
    return (n === 1 ? box.dataset.kbOne : box.dataset.kbOther).replace("#", String(n));
  }

  function item(result) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = result.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var kind = document.createElement("p");
    kind.className = "kb-search-kind";
    kind.textContent = result.meta.kind || "";
    var title = document.createElement("h1");
    title.textContent = result.meta.title || result.url;
    var statement = document.createElement("p");
    statement.textContent = result.meta.statement || "";
    article.append(kind, title, statement);
    link.append(article);
    li.append(link);
    return li;
  }

  // The results from `from` on, MAX_RESULTS at a time, with a button for the next ones; null
  // if the reader has typed something else meanwhile.
  function batch(found, query, from) {
    var results = found.results.slice(from, from + MAX_RESULTS);
    var cardsOf = results.map(function (r) { return card(r, query); });
    return Promise.all(cardsOf).then(function (data) {
      if (query !== input.value.trim()) return null;
      var items = data.filter(Boolean).map(item);
      var rest = found.results.length - from - results.length;
      if (rest > 0) items.push(more(found, query, from + results.length, rest));
      return items;
    });
  }

  function more(found, query, from, rest) {
    var li = document.createElement("li");
    li.className = "kb-search-more";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Show " + Math.min(rest, MAX_RESULTS) + " more of " + rest;
    button.addEventListener("click", function () {
      batch(found, query, from).then(function (items) {
        if (items) li.replaceWith(...items);
      });
    });
    li.append(button);
    return li;
  }

  function search() {
    var query = input.value.trim();
    if (!query) {
      list.replaceChildren();
      say(placeholder);
      return;
    }
    load()
      .then(function (index) {
        return index.debouncedSearch(query, {}, 100);
      })
      .then(function (found) {
        if (found === null || query !== input.value.trim()) return; // a newer search runs
        return batch(found, query, 0).then(function (items) {
          if (!items) return;
          list.replaceChildren(...items);
          say(count(found.results.length));
        });
      })
      .catch(function (error) {
        say("Search could not load its index.");
        console.warn(error);
      });
  }

  function open() {
    toggle.checked = true;
    if (location.protocol === "file:") {
      offline.hidden = false;
      return;
    }
    load().catch(function () {});
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function results() {
    return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"));
  }

  function editable(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", search);
  box.querySelector("form").addEventListener("reset", function () {
    setTimeout(search);
  });
  box.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = results()[0];
    if (first) first.click();
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus();
    else input.blur();
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    var searching = toggle.checked && box.contains(document.activeElement);
    if (searching) {
      var links = results();
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") {
        close();
      } else if (event.key === "ArrowDown" && links.length) {
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        (at === 0 ? input : links[at - 1]).focus();
      } else {
        return;
      }
      event.preventDefault();
    } else if ((event.key === "/" || event.key === "s" || event.key === "f") &&
               !editable(document.activeElement)) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  if (new URLSearchParams(location.search).has("h")) {
    var highlighter = new URL("pagefind-highlight.js", indexUrl).href;
    import(highlighter).then(function (module) {
      new module.default({
        highlightParam: "h", markContext: "article.md-content__inner", addStyles: false
      });
    }).catch(function () {});
  }
})();
