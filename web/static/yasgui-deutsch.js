/* German words for YASGUI's own controls ("Query", "Table", "Response", "Simple view", "25 results in
 * 0.2 seconds", "Showing 1 to 25 of 25 entries" …).
 *
 * Written by hand because YASGUI (4.x) has no translation setting: its words are fixed strings in its
 * code. This watches the workbench and swaps exactly those strings, wherever YASGUI writes them (its
 * tabs, settings, result header, table footer, titles and ARIA labels). It never touches the query
 * editor or the cells of an answer: a result that says "Table" stays "Table".
 */
window.koopgraphYasguiDeutsch = (function () {
  "use strict";

  var WORDS = {
    "Query": "Abfrage", "Settings": "Einstellungen", "Request method": "Anfragemethode",
    "Accept Headers": "Accept-Header", "Arguments": "Argumente", "Header Arguments": "Header-Argumente",
    "Default Graphs": "Standardgraphen", "Named Graphs": "Benannte Graphen", "Table": "Tabelle",
    "Response": "Antwort", "Simple view": "Einfache Ansicht", "Ellipse": "Kürzen", "Page size:": "Zeilen je Seite:",
    "Close tab": "Reiter schließen", "Add tab": "Reiter hinzufügen", "Add a new tab": "Neuen Reiter hinzufügen",
    "Open settings": "Einstellungen öffnen", "Clear endpoint": "Endpunkt leeren", "Share query": "Abfrage teilen",
    "Run query": "Abfrage ausführen", "Stop query": "Abfrage abbrechen", "Filter query results": "Ergebnisse filtern",
    "Download result": "Ergebnis herunterladen", "Download Results": "Ergebnis herunterladen",
    "pagination": "Seiten", "First": "Erste Seite", "Previous": "Vorige Seite", "Next": "Nächste Seite",
    "Last": "Letzte Seite", "No data available in table": "Keine Zeilen", "Fullscreen": "Vollbild",
    "Copy to clipboard": "In die Zwischenablage kopieren", "Shorten URL": "Kurz-URL"
  };
  var PATTERNS = [
    [/^(\d[\d,]*) results? in ([\d.]+) seconds?$/, function (m) {
      return m[1].replace(/,/g, ".") + (m[1] === "1" ? " Ergebnis" : " Ergebnisse") + " in " + m[2].replace(".", ",") + " s"; }],
    [/^Showing (\d[\d,]*) to (\d[\d,]*) of (\d[\d,]*) entries$/, function (m) {
      return "Zeilen " + m[1] + " bis " + m[2] + " von " + m[3]; }],
    [/^Shows (.+) view$/, function (m) { return "Ansicht " + (WORDS[m[1]] || m[1]) + " zeigen"; }],
    [/^View documentation of (.+)$/, function (m) { return "Dokumentation: " + (WORDS[m[1]] || m[1]); }],
    [/^(.*): Activate to (sort|invert sorting|remove sorting)$/, function (m) {
      return m[1] + ": " + { "sort": "sortieren", "invert sorting": "Sortierung umkehren",
                            "remove sorting": "Sortierung aufheben" }[m[2]]; }]
  ];
  var ATTRIBUTES = ["title", "placeholder", "aria-label"];
  // an answer's cells and the editor's text are data, never translated
  var DATA = ".CodeMirror-lines, td, .yasr_response, .resultsTable tbody, .yasr_results pre";

  function german(text) {
    var trimmed = text.trim();
    if (Object.prototype.hasOwnProperty.call(WORDS, trimmed)) return text.replace(trimmed, WORDS[trimmed]);
    for (var i = 0; i < PATTERNS.length; i += 1) {
      var found = trimmed.match(PATTERNS[i][0]);
      if (found) return text.replace(trimmed, PATTERNS[i][1](found));
    }
    return null;
  }

  function translate(element) {
    if (element.closest(DATA)) return;
    translateAttributes(element);
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(DATA)) continue;
      var text = german(node.nodeValue);
      if (text !== null) node.nodeValue = text;
    }
    element.querySelectorAll("[title], [placeholder], [aria-label]").forEach(function (el) {
      if (!el.closest(DATA)) translateAttributes(el);
    });
  }

  function translateAttributes(el) {
    ATTRIBUTES.forEach(function (name) {
      var value = el.getAttribute(name);
      var swapped = value && german(value);
      if (swapped) el.setAttribute(name, swapped);
    });
  }

  // Translate what is there and whatever YASGUI writes later (a new answer, a new tab, the settings).
  function watch(root) {
    translate(root);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.type === "attributes") {
          if (!change.target.closest(DATA)) translateAttributes(change.target);
        } else if (change.type === "characterData") {
          var parent = change.target.parentElement;
          var text = parent && !parent.closest(DATA) && german(change.target.nodeValue);
          if (text) change.target.nodeValue = text;
        } else {
          change.addedNodes.forEach(function (node) {
            if (node.nodeType === 1) translate(node);
            else if (node.nodeType === 3 && node.parentElement && !node.parentElement.closest(DATA)) {
              var swapped = german(node.nodeValue);
              if (swapped !== null) node.nodeValue = swapped;
            }
          });
        }
      });
    }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  }

  return { watch: watch, german: german };
})();
