// newsx page: actor highlighting and event selection; reads only data-* attributes.
(function () {
  "use strict";
  var ROLES = ["on", "on-source", "on-target", "on-location", "on-date"];

  function bind(art) {
    var hovered = null, pinned = null, lit = [];

    function all(sel) { return Array.prototype.slice.call(art.querySelectorAll(sel)); }
    function actor(id, cls, on) {
      if (id) all('[data-a="' + id + '"]').forEach(function (el) { el.classList.toggle(cls, on); });
    }
    function hover(id) {
      if (id === hovered) return;
      actor(hovered, "hl", false);
      hovered = id;
      actor(hovered, "hl", true);
    }
    function pin(id) {
      actor(pinned, "pin", false);
      pinned = id === pinned ? null : id;
      actor(pinned, "pin", true);
    }
    function light(els, cls) {
      els.forEach(function (el) { el.classList.add(cls); lit.push(el); });
    }
    function selectEvent(row, scroll) {
      lit.forEach(function (el) { el.classList.remove.apply(el.classList, ROLES); });
      lit = [];
      light([row], "on");
      light(all('.sent[data-s="' + row.dataset.s + '"]'), "on");
      var first = null;
      row.dataset.g.split(" ").forEach(function (part) {
        var bits = part.split(":"), els = all('[data-g="' + bits[0] + '"]');
        light(els, bits[1] ? "on-" + bits[1] : "on");
        if (!bits[1] && !first) first = els[0];
      });
      if (scroll && first) first.scrollIntoView({block: "nearest"});
    }
    function fromHash() {  // page.html#event-1-3: document 1's event 3 (from 0), selected on opening
      var m = /^#event-(\d+)-(\d+)$/.exec(location.hash);
      var row = m && m[1] === art.dataset.doc && art.querySelector('tr.ev[data-ev="' + m[2] + '"]');
      if (row) selectEvent(row, true);
    }

    art.addEventListener("mouseover", function (e) {
      var el = e.target.closest("[data-a]");
      hover(el ? el.dataset.a : null);
    });
    art.addEventListener("mouseleave", function () { hover(null); });
    art.addEventListener("click", function (e) {
      var row = e.target.closest("tr.ev");
      if (row) { selectEvent(row, true); return; }
      var trg = e.target.closest(".trg[data-ev]");
      if (trg) {
        var evRow = art.querySelector('tr.ev[data-ev="' + trg.dataset.ev.split(" ")[0] + '"]');
        if (evRow) selectEvent(evRow, false);
      }
      var el = e.target.closest("[data-a]");
      if (el) pin(el.dataset.a);
    });
    art.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" && e.key !== " ") return;
      var row = e.target.closest("tr.ev, tr.actor");
      if (!row) return;
      e.preventDefault();
      row.click();
    });
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  Array.prototype.forEach.call(document.querySelectorAll("article.nx-doc"), function (art) {
    if (art.dataset.bound) return;
    art.dataset.bound = "1";
    bind(art);
  });
})();
