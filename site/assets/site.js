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
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
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
