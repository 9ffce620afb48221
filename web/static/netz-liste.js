/* The list view of /netzwerk: the nodes and edges the graph shows, as two tables that keyboards and
 * screen readers can use. A node's name is a button that selects it in the graph and opens its panel.
 * Works on netzwerk.js's globals; every label is set as text. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const { el } = window.koopgraphNetz;          // netz-gemeinsam.js
  const box = $("netz-liste");
  const button = $("netz-liste-knopf");
  if (!box || !window.network || !window.netzwerk) return;
  const collator = new Intl.Collator("de");

  function cell(tag, content) {
    const node = el(tag);
    if (content instanceof Node) node.append(content); else node.textContent = content == null ? "" : content;
    return node;
  }

  function table(caption, headings, rows) {
    const tableNode = el("table");
    tableNode.append(el("caption", caption, "visually-hidden"));
    const head = el("tr");
    headings.forEach((text) => { const th = cell("th", text); th.scope = "col"; head.append(th); });
    const thead = el("thead");
    thead.append(head);
    const tbody = el("tbody");
    rows.forEach((row) => { const tr = el("tr"); row.forEach((content) => tr.append(cell("td", content))); tbody.append(tr); });
    tableNode.append(thead, tbody);
    return tableNode;
  }

  function nodeButton(node) {
    const pick = el("button", node.label, "link");
    pick.type = "button";
    pick.addEventListener("click", () => { show(false); window.netzwerk.selectNode(node.id, true); });
    return pick;
  }

  function fill() {
    const nodes = window.nodes.get().sort((a, b) => collator.compare(a.label, b.label));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const degree = new Map();
    const edges = window.edges.get().filter((e) => byId.has(e.from) && byId.has(e.to));
    edges.forEach((e) => [e.from, e.to].forEach((id) => degree.set(id, (degree.get(id) || 0) + 1)));
    const groupLabels = new Map(Array.from(document.querySelectorAll("#netz-filter input[name=beziehung]"),
      (input) => [input.value, input.parentElement.textContent.trim()]));
    const nodeRows = nodes.map((n) => [nodeButton(n), n.kind || "", String(degree.get(n.id) || 0)]);
    const edgeRows = edges
      .map((e) => [byId.get(e.from), groupLabels.get(e.group) || e.group, byId.get(e.to), (e.sections || []).join(", ")])
      .sort((a, b) => collator.compare(a[0].label, b[0].label) || collator.compare(a[2].label, b[2].label))
      .map(([from, group, to, sections]) => [nodeButton(from), group, nodeButton(to), sections]);
    $("netz-liste-inhalt").replaceChildren(
      el("h3", nodes.length + " Knoten"),
      table("Knoten der Ansicht", ["Name", "Typ", "Verbindungen"], nodeRows),
      el("h3", edges.length + " Kanten"),
      table("Kanten der Ansicht", ["Von", "Beziehung", "Nach", "Quelle (Abschnitt)"], edgeRows));
  }

  function show(yes) {
    box.hidden = !yes;
    button.setAttribute("aria-pressed", String(yes));
    button.textContent = yes ? "Als Grafik" : "Als Liste";
    if (yes) { fill(); $("netz-liste-titel").setAttribute("tabindex", "-1"); $("netz-liste-titel").focus(); }
  }

  button.addEventListener("click", () => show(box.hidden));
  document.addEventListener("netzwerk:ansicht", () => { if (!box.hidden) fill(); });
  window.nodes.on("add", () => { if (!box.hidden) fill(); });
}());
