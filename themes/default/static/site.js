// dossier's default theme: small, optional enhancements. Every page works without them.
(function () {
  "use strict";
  // Search page: filter the index of every entry as the reader types.
  var input = document.getElementById("search-input");
  var results = document.querySelector("[data-search-results]");
  if (input && results) {
    var items = Array.prototype.slice.call(results.querySelectorAll("li"));
    var fold = function (text) {
      return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/ı/g, "i").toLowerCase();
    };
    items.forEach(function (li) { li.dataset.text = fold(li.textContent); });
    input.addEventListener("input", function () {
      var q = fold(input.value.trim());
      items.forEach(function (li) { li.hidden = q !== "" && li.dataset.text.indexOf(q) === -1; });
    });
  }
})();
