// dossier's default theme: small, optional enhancements. Every page works without them.
(function () {
  "use strict";

  // Citation previews: hovering or focusing a citation shows its source's note, so a
  // reader can weigh a statement without leaving it. The link still jumps to the note.
  var preview = null;
  var owner = null;

  function hide() {
    if (preview) preview.remove();
    if (owner) owner.removeAttribute("aria-describedby");
    preview = owner = null;
  }

  function show(link) {
    var note = document.getElementById((link.getAttribute("href") || "").slice(1));
    if (!note || link === owner) return;
    hide();
    var copy = note.cloneNode(true);
    copy.querySelectorAll(".backrefs, .print-url, [id]").forEach(function (el) {
      if (el.classList.contains("backrefs") || el.classList.contains("print-url")) el.remove();
      else el.removeAttribute("id");
    });
    preview = document.createElement("div");
    preview.className = "cite-preview";
    preview.id = "cite-preview";
    preview.setAttribute("role", "tooltip");
    var number = document.createElement("span");
    number.className = "cite-preview-number";
    number.textContent = "[" + note.getAttribute("value") + "] ";
    preview.appendChild(number);
    while (copy.firstChild) preview.appendChild(copy.firstChild);
    document.body.appendChild(preview);
    var box = link.getBoundingClientRect();
    var width = preview.offsetWidth;
    // Under the citation, from its start: its left edge, or its right edge right to left.
    var start = getComputedStyle(link).direction === "rtl" ? box.right - width : box.left;
    var left = Math.max(8, Math.min(start + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    preview.style.left = left + "px";
    preview.style.top = box.bottom + window.scrollY + 6 + "px";
    owner = link;
    link.setAttribute("aria-describedby", "cite-preview");
  }

  function citation(event) {
    var target = event.target;
    return target && target.closest ? target.closest("a[data-cite]") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = citation(event);
    if (link) show(link);
  });
  document.addEventListener("mouseout", function (event) {
    if (citation(event) && !(event.relatedTarget && preview && preview.contains(event.relatedTarget))) hide();
  });
  document.addEventListener("focusin", function (event) {
    var link = citation(event);
    if (link) show(link); else hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  document.addEventListener("click", function (event) {
    if (!citation(event)) hide();
  });
})();

// The incidents index (SPEC §13): filters by actor, place, tag, year and contradiction,
// kept in the URL fragment (#year=2016&actor=<id>) so that a filtered view can be shared
// and comes back after a reload; columns sort by date and by each key figure.
(function () {
  "use strict";
  var form = document.querySelector("form[data-filters]");
  var table = document.querySelector("table[data-incidents]");
  if (!form || !table) return;
  var controls = Array.prototype.slice.call(form.querySelectorAll("[data-filter]"));
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var count = form.querySelector("[data-filter-count]");

  function state() {
    var parts = [];
    controls.forEach(function (c) {
      var key = c.getAttribute("data-filter");
      var value = c.type === "checkbox" ? (c.checked ? "1" : "") : c.value;
      if (value) parts.push(key + "=" + encodeURIComponent(value));
    });
    return parts.join("&");
  }

  function matches(row, key, value) {
    if (key === "contradiction") return row.hasAttribute("data-contradiction");
    return (" " + (row.getAttribute("data-" + key) || "") + " ").indexOf(" " + value + " ") >= 0;
  }

  function apply() {
    var wanted = [];
    controls.forEach(function (c) {
      var value = c.type === "checkbox" ? (c.checked ? "1" : "") : c.value;
      if (value) wanted.push([c.getAttribute("data-filter"), value]);
    });
    var shown = 0;
    rows.forEach(function (row) {
      var keep = wanted.every(function (w) { return matches(row, w[0], w[1]); });
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    count.textContent = counted(wanted.length ? "data-some" : "data-all", shown, rows.length);
  }

  // In the page's language: the forms by CLDR plural category of the whole come from the
  // catalog, the category from the browser's Intl.PluralRules (docs/languages.md).
  var rules;
  try { rules = new Intl.PluralRules(document.documentElement.lang || "en"); } catch (e) { rules = new Intl.PluralRules("en"); }
  function counted(attribute, shown, total) {
    var forms = {};
    try { forms = JSON.parse(count.getAttribute(attribute) || "{}"); } catch (e) { forms = {}; }
    var form = forms[rules.select(total)] || forms.other || "%(shown)s / %(n)s";
    return form.replace("%(shown)s", String(shown)).replace("%(n)s", String(total));
  }

  function restore() {
    var values = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) {
        try { values[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1)); } catch (e) { /* a bad escape: ignore it */ }
      }
    });
    controls.forEach(function (c) {
      var value = values[c.getAttribute("data-filter")] || "";
      if (c.type === "checkbox") c.checked = value !== "" && value !== "0";
      else c.value = Array.prototype.some.call(c.options, function (o) { return o.value === value; }) ? value : "";
    });
    apply();
  }

  function save() {
    apply();
    var hash = state();
    if (hash !== location.hash.replace(/^#/, "")) {
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    }
  }

  form.addEventListener("change", save);
  form.addEventListener("reset", function () { setTimeout(save, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", restore);
  form.hidden = false;
  restore();

  // Sorting: a button in each sortable header; a second press reverses the order.
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    var type = th.getAttribute("data-sort-type");
    if (!type) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    button.addEventListener("click", function () {
      var descending = th.getAttribute("aria-sort") !== "descending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var keyed = rows.map(function (row, at) {
        var raw = row.cells[index].getAttribute("data-sort") || "";
        return { row: row, at: at, empty: raw === "", key: type === "number" ? parseFloat(raw) : raw };
      });
      keyed.sort(function (a, b) {
        if (a.empty !== b.empty) return a.empty ? 1 : -1;  // rows without a value go last
        var order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
        return (descending ? -order : order) || a.at - b.at;
      });
      keyed.forEach(function (k) { body.appendChild(k.row); });
    });
  });
})();
