/* Network analysis in the explorer (/netzwerk): colour or size nodes by a measure, colour by
 * Louvain community, a ranking beside the graph, and the scaling-up paths of a chosen node.
 * Works on the globals window.network / window.nodes / window.edges that netzwerk.js keeps;
 * measures come from /analyse/metriken.json for the relation groups in the URL. Every label
 * is written as text (textContent), never as HTML. */
(function () {
  "use strict";

  const host = document.querySelector(".netz-controls");
  if (!host || !window.nodes) return;
  const SEQUENTIAL = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"];
  const CATEGORICAL = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
    "#1f78b4", "#b2df8a", "#fb9a99", "#cab2d6", "#ffff99"];
  const original = new Map();  // node id -> {color, value, size} before we changed it
  let current = null;  // {metric, mode, values: Map}
  let applying = false;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.message || response.statusText);
    return data;
  }

  function relationQuery() {
    const query = new URLSearchParams();
    new URLSearchParams(window.location.search).getAll("beziehung").forEach((g) => query.append("beziehung", g));
    return query;
  }

  // --- the panel ---------------------------------------------------------------------------

  const panel = el("section", null, "analyse-netz");
  panel.id = "analyse";
  panel.append(el("h2", "Analyse"));
  const metricSelect = el("select");
  metricSelect.id = "analyse-metrik";
  [["", "keine"], ["degree", "Grad"], ["betweenness", "Zwischenzentralität"], ["closeness", "Nähezentralität"],
    ["pagerank", "PageRank"], ["eigenvector", "Eigenvektorzentralität"], ["broker-kreise", "Vermittlung zwischen Kreisen"],
    ["broker-laender", "Vermittlung zwischen Ländern"], ["community", "Gemeinschaften (Louvain)"]]
    .forEach(([value, label]) => { const o = el("option", label); o.value = value; metricSelect.append(o); });
  const modeSelect = el("select");
  modeSelect.id = "analyse-modus";
  [["farbe", "als Farbe"], ["groesse", "als Größe"]]
    .forEach(([value, label]) => { const o = el("option", label); o.value = value; modeSelect.append(o); });
  const metricLabel = el("label", "Kennzahl ", "select");
  metricLabel.append(metricSelect);
  const modeLabel = el("label", "Darstellung ", "select");
  modeLabel.append(modeSelect);
  const status = el("p", "", "status");
  status.id = "analyse-status";
  const ranking = el("ol", null, "analyse-rangliste");
  ranking.id = "analyse-rangliste";
  const pathForm = el("form", null, "analyse-pfade");
  const pathInput = el("input");
  pathInput.type = "search";
  pathInput.id = "analyse-start";
  pathInput.placeholder = "Kommune oder Fall";
  pathInput.setAttribute("list", "knoten-namen");
  const pathLabel = el("label", "Skalierungspfade ab ");
  pathLabel.append(pathInput);
  const pathButton = el("button", "Pfade zeigen");
  pathButton.type = "submit";
  pathForm.append(pathLabel, pathButton);
  const pathList = el("div", null, "analyse-pfadliste");
  pathList.id = "analyse-pfadliste";
  const link = el("a", "Mehr Analysen …");
  link.href = "/analyse";
  panel.append(metricLabel, modeLabel, status, ranking, pathForm, pathList, link);
  host.insertBefore(panel, host.querySelector("details.legend"));  // null: at the end

  // --- measures on the nodes -------------------------------------------------------------------

  function remember(node) {
    if (!original.has(node.id)) original.set(node.id, { color: node.color, value: node.value, size: node.size });
  }

  function restore() {
    const back = [];
    original.forEach((was, id) => { if (window.nodes.get(id)) back.push({ id, ...was }); });
    original.clear();
    update(back);
  }

  function update(items) {
    applying = true;
    try { window.nodes.update(items); } finally { applying = false; }
  }

  function colourFor(value, low, high, categorical) {
    if (categorical) return CATEGORICAL[value % CATEGORICAL.length];
    const t = high > low ? (value - low) / (high - low) : 0;
    return SEQUENTIAL[Math.min(SEQUENTIAL.length - 1, Math.floor(t * SEQUENTIAL.length))];
  }

  function apply() {
    if (!current) return;
    const numbers = [...current.values.values()];
    const low = Math.min(...numbers), high = Math.max(...numbers);
    const changes = [];
    window.nodes.get().forEach((node) => {
      if (!current.values.has(node.id)) return;
      remember(node);
      const value = current.values.get(node.id);
      if (current.mode === "groesse" && !current.categorical) {
        const t = high > low ? (value - low) / (high - low) : 0;
        changes.push({ id: node.id, size: 10 + 30 * t, value: undefined });
      } else {
        const colour = colourFor(value, low, high, current.categorical);
        changes.push({ id: node.id, color: { background: colour, border: "#1d2733" } });
      }
      node.analyseValue = value;
    });
    update(changes);
  }

  async function choose() {
    restore();
    current = null;
    ranking.replaceChildren();
    const metric = metricSelect.value;
    panel.dataset.metric = metric;
    if (!metric) { status.textContent = ""; return; }
    status.textContent = "Kennzahl wird berechnet …";
    const query = relationQuery();
    query.append("metrik", metric);
    try {
      const data = await getJson("/analyse/metriken.json?" + query.toString());
      const info = data.metrics[0];
      current = { metric, mode: modeSelect.value, categorical: metric === "community",
        values: new Map(data.rows.map((row) => [row.node, row[metric]])) };
      apply();
      showRanking(data.rows, metric);
      status.textContent = info.title_de + " · " + info.algorithm
        + (info.parameters.modularity !== undefined ? " · Modularität " + info.parameters.modularity : "");
      panel.dataset.applied = metric;
    } catch (error) {
      status.textContent = "Fehler: " + error.message;
    }
  }

  function showRanking(rows, metric) {
    const shown = rows.filter((row) => window.nodes.get(row.node)).slice(0, 10);
    ranking.replaceChildren(...shown.map((row) => {
      const item = el("li");
      const button = el("button", row.label, "link");
      button.type = "button";
      button.addEventListener("click", () => {
        window.network.selectNodes([row.node]);
        window.network.focus(row.node, { scale: 1.2, animation: { duration: 300 } });
      });
      const value = row[metric];
      item.append(button, el("span", " " + (Number.isInteger(value) ? value : value.toPrecision(3)), "value"));
      return item;
    }));
  }

  // --- scaling-up paths --------------------------------------------------------------------------

  async function showPaths(event) {
    event.preventDefault();
    const start = pathInput.value.trim();
    if (!start) return;
    pathList.replaceChildren(el("p", "Pfade werden gesucht …", "status"));
    try {
      const data = await getJson("/analyse/pfade.json?kommune=" + encodeURIComponent(start));
      const parts = [];
      const onPath = new Set([data.start]);
      [["land", "Landesebene"], ["bund", "Bundesebene"]].forEach(([level, title]) => {
        parts.push(el("h3", title));
        const paths = data.paths[level];
        if (!paths.length) { parts.push(el("p", "kein Pfad", "status")); return; }
        const list = el("ol");
        paths.forEach((path) => {
          const names = [path.steps[0].source_label, ...path.steps.map((s) => s.target_label)];
          path.steps.forEach((s) => { onPath.add(s.source); onPath.add(s.target); });
          const sources = [...new Set(path.steps.flatMap((s) => s.sources))].join(", ");
          list.append(el("li", names.join(" → ") + (sources ? " (" + sources + ")" : "")));
        });
        parts.push(list);
      });
      pathList.replaceChildren(...parts);
      const visible = [...onPath].filter((id) => window.nodes.get(id));
      if (visible.length) window.network.selectNodes(visible);
    } catch (error) {
      pathList.replaceChildren(el("p", "Fehler: " + error.message, "status"));
    }
  }

  metricSelect.addEventListener("change", choose);
  modeSelect.addEventListener("change", () => { if (current) { restore(); current.mode = modeSelect.value; apply(); } });
  pathForm.addEventListener("submit", showPaths);
  // netzwerk.js replaces nodes when the view changes: measures are applied to them again.
  window.nodes.on("add", () => { if (!applying && current) setTimeout(apply, 0); });
  window.nodes.on("update", () => { if (!applying && current) setTimeout(apply, 0); });
  document.getElementById("netz-filter")?.addEventListener("change", () => {
    if (metricSelect.value) setTimeout(choose, 50);
  });
})();
