// Offline full-text search over the dossier, from file:// or any server.
// The index is window.DOSSIER_SEARCH (assets/search-index.js); MiniSearch ranks the hits.
// Without JavaScript the page keeps its plain index of every entry.
(function () {
  "use strict";
  var docs = window.DOSSIER_SEARCH;
  var input = document.getElementById("search-input");
  var results = document.querySelector("[data-search-results]");
  if (!docs || !window.MiniSearch || !input || !results) return;

  // Names in every script the dossier holds: Erdoğan is found by "erdogan", Yıldırım by
  // "yildirim"; Arabic loses its vowel marks and its alef variants.
  function fold(text) {
    return text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, "")
      .replace(/ı/g, "i")
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
      .replace(/\u0649/g, "\u064a")
      .toLowerCase();
  }

  // Words, as the browser's Intl.Segmenter finds them, so that scripts written without
  // spaces (Chinese, Japanese, Thai) are searched word by word; indexing and queries cut
  // alike. A word is cut again at punctuation, as before: "Erdoğan's" holds "erdogan".
  // Without Intl.Segmenter: runs between spaces and punctuation, and each character of a
  // script written without spaces, so that a word inside a title is still found.
  var SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;
  var UNSPACED = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}])/u;
  var segmenter = window.Intl && Intl.Segmenter
    ? new Intl.Segmenter(document.documentElement.lang || undefined, { granularity: "word" })
    : null;
  function tokenize(text) {
    var words = [];
    function keep(word) { if (word) words.push(word); }
    if (segmenter) {
      for (var part of segmenter.segment(text)) {
        if (part.isWordLike) part.segment.split(SPACE_OR_PUNCTUATION).forEach(keep);
      }
    } else {
      text.split(SPACE_OR_PUNCTUATION).forEach(function (run) { run.split(UNSPACED).forEach(keep); });
    }
    return words;
  }

  var mini = new window.MiniSearch({
    fields: ["title", "aliases", "summary", "body", "claims", "publisher"],
    storeFields: ["title", "kind", "url", "summary", "body"],
    tokenize: tokenize,
    processTerm: function (term) { return fold(term); },
    searchOptions: {
      tokenize: tokenize,
      boost: { title: 4, aliases: 3, publisher: 2, summary: 1.5 },
      prefix: true,
      fuzzy: 0.15,
      combineWith: "AND"
    }
  });
  mini.addAll(docs);

  // The count in the page's language: its forms by CLDR plural category come from the
  // catalog (data-results), the category from the browser's Intl.PluralRules.
  var forms = {};
  try { forms = JSON.parse(results.getAttribute("data-results") || "{}"); } catch (e) { forms = {}; }
  var lang = document.documentElement.lang || "en";
  var rules = null;
  try { rules = new Intl.PluralRules(lang); } catch (e) { rules = new Intl.PluralRules("en"); }
  function counted(n) {
    var form = forms[rules.select(n)] || forms.other || (n === 1 ? "%(n)s result" : "%(n)s results");
    return form.replace("%(n)s", String(n));
  }
  window.DOSSIER_COUNTED = counted;

  var plainIndex = Array.prototype.slice.call(results.childNodes);
  var status = document.createElement("p");
  status.className = "search-status";
  status.setAttribute("role", "status");
  results.parentNode.insertBefore(status, results);

  function snippet(hit, terms) {
    var sentences = (hit.body || "").split(/(?<=[.!?\u061f])\s+|(?<=[\u3002\uff01\uff1f])/);
    for (var i = 0; i < sentences.length; i++) {
      var folded = fold(sentences[i]);
      for (var j = 0; j < terms.length; j++) {
        if (folded.indexOf(terms[j]) !== -1) {
          var s = sentences[i];
          return s.length > 240 ? s.slice(0, 237) + "…" : s;
        }
      }
    }
    return hit.summary || "";
  }

  function show(query) {
    results.textContent = "";
    if (!query.trim()) {
      plainIndex.forEach(function (node) { results.appendChild(node); });
      status.textContent = "";
      return;
    }
    var hits = mini.search(query);
    status.textContent = counted(hits.length);
    var terms = tokenize(query).map(fold);
    var list = document.createElement("ol");
    list.className = "search-results";
    hits.slice(0, 100).forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.url;
      link.textContent = hit.title;
      link.dir = "auto";
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = hit.kind;
      var text = document.createElement("p");
      text.className = "search-snippet";
      text.textContent = snippet(hit, terms);
      text.dir = "auto";
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(kind);
      item.appendChild(text);
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  input.addEventListener("input", function () { show(input.value); });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    show(asked);
  }
})();
