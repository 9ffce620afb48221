/* /befunde: a filter box over the findings. Each word typed must occur in a finding's row (label, text,
 * population, concepts, section); sections left empty fold away. Without JavaScript the box stays hidden
 * and the table of contents and the anchors remain. The filter is kept in the address (#filter=…) so a
 * filtered list can be linked. */
(function () {
  "use strict";
  const field = document.getElementById("befunde-filter-feld");
  const input = document.getElementById("befunde-filter");
  const count = document.getElementById("befunde-filter-anzahl");
  if (!field || !input) return;
  const sections = Array.from(document.querySelectorAll(".findings-section"));
  const rows = Array.from(document.querySelectorAll("tr.finding"));

  function folded(text) {
    return text.toLocaleLowerCase("de").normalize("NFC");
  }
  const texts = new Map(rows.map((row) => {
    const section = row.closest(".findings-section").querySelector("h2").textContent;
    return [row, folded(section + " " + row.textContent)];
  }));

  function apply() {
    const words = folded(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    rows.forEach((row) => {
      const hit = words.every((word) => texts.get(row).includes(word));
      row.hidden = !hit;
      if (hit) shown += 1;
    });
    sections.forEach((section) => {
      section.hidden = !section.querySelector("tr.finding:not([hidden])");
    });
    count.textContent = words.length ? shown + " von " + rows.length + " Befunden" : "";
    const hash = words.length ? "#filter=" + encodeURIComponent(input.value.trim()) : "";
    if (hash !== location.hash && (hash || location.hash.startsWith("#filter="))) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }

  /* #filter=… fills the box; an anchor (a section, a finding) the filter hides clears it. */
  function follow() {
    if (location.hash.startsWith("#filter=")) {
      input.value = decodeURIComponent(location.hash.slice("#filter=".length));
      apply();
      return;
    }
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && (target.hidden || target.closest("[hidden]"))) {
      input.value = "";
      apply();
      target.scrollIntoView();
    }
  }

  field.hidden = false;
  const contents = document.getElementById("befunde-inhalt");
  if (contents && window.matchMedia("(max-width: 760px)").matches) contents.open = false;  // a phone: box first
  input.addEventListener("input", apply);
  window.addEventListener("hashchange", follow);
  if (location.hash.startsWith("#filter=")) follow(); else apply();
}());
