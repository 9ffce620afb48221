/* Network analysis in /netzwerk: node size and colour by a measure or by community, a ranking
 * beside the graph, and the scaling-up paths of a chosen municipality or case.
 * Works on netzwerk.js's globals (window.network, window.nodes, window.edges, window.netzwerk);
 * the looks come from /analyse/ansicht.json (web/measure_style.py), the paths from
 * /analyse/pfade.json. The choices live in the URL: groesse, farbe, wege. Every label is
 * written as text (textContent), never as HTML. */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const section = $("analyse");
  const view = window.netzwerk;
  if (!section || !view || !window.nodes) return;
  const card = $("analyse-ergebnis");
  const sizeSelect = $("analyse-groesse");
  const colourSelect = $("analyse-farbe");
  const original = new Map();   // node id -> its type look {color, size} before a measure changed it
  const PATH_EDGE = "analyse-weg|";
  let answer = null;            // the last /analyse/ansicht.json answer
  let answered = "";            // … and the query it answered
  let asked = 0;
  let paths = null;             // the last /analyse/pfade.json answer
  let pathsAsked = 0;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw Object.assign(new Error(data.message || response.statusText), { status: response.status });
    return data;
  }

  const germanNumber = new Intl.NumberFormat("de-DE", { maximumSignificantDigits: 3 });

  function setState(name, value) {
    if (value) view.state.set(name, value); else view.state.delete(name);
    view.writeUrl();
  }

  // The card is a column beside the graph: the canvas gives it room and the view is fitted again.
  function showCard() {
    const hidden = $("analyse-kennzahlen").hidden && $("analyse-wegbox").hidden;
    $("analyse-link").href = "/analyse?" + relationQuery().toString();
    if (card.hidden === hidden) return;
    card.hidden = hidden;
    card.parentElement.classList.toggle("mit-analyse", !hidden);
    window.network.setSize("100%", "100%");
    window.network.fit({ animation: false });
  }

  function relationQuery() {
    const query = new URLSearchParams();
    view.state.getAll("beziehung").forEach((group) => query.append("beziehung", group));
    return query;
  }

  // --- measures as node size and colour -------------------------------------------------------

  async function refreshMeasures() {
    const size = sizeSelect.value, colour = colourSelect.value;
    const groups = view.state.getAll("beziehung");
    if ((!size && !colour) || groups.includes("keine")) {
      asked += 1;  // an answer still on its way is no longer wanted
      answer = null;
      answered = "";
      restoreLooks();
      showMeasures(size || colour ? "Keine Beziehungen gewählt: nichts zu messen." : null);
      return;
    }
    const query = relationQuery();
    if (size) query.set("groesse", size);
    if (colour) query.set("farbe", colour);
    if (query.toString() === answered) { applyLooks(); return; }
    const mine = ++asked;
    section.dataset.zustand = "laedt";
    showMeasures("Kennzahlen werden berechnet …");
    try {
      const data = await getJson("/analyse/ansicht.json?" + query.toString());
      if (mine !== asked) return;
      answer = data;
      answered = query.toString();
      restoreLooks();
      applyLooks();
      showMeasures();
      Object.assign(section.dataset, { groesse: size, farbe: colour, zustand: "fertig" });
    } catch (error) {
      if (mine !== asked) return;
      section.dataset.zustand = "fehler";
      showMeasures("Fehler: " + error.message);
    }
  }

  function remember(node) {
    if (!original.has(node.id)) original.set(node.id, { color: node.color, size: node.size });
  }

  function restoreLooks() {
    const back = [];
    original.forEach((look, id) => { if (window.nodes.get(id)) back.push({ id, ...look }); });
    original.clear();
    window.nodes.update(back);
    Object.assign(section.dataset, { groesse: "", farbe: "" });
  }

  // The chosen looks for the given nodes (default: all); nodes outside the measured network go grey.
  function applyLooks(nodes) {
    if (!answer) return;
    const looks = new Map(answer.looks.map((look) => [look.id, look]));
    const changes = [];
    (nodes || window.nodes.get()).forEach((node) => {
      remember(node);
      const look = looks.get(node.id);
      if (look) changes.push(look);
      else if (answer.colour) changes.push({ id: node.id, color: answer.unmeasured });
    });
    window.nodes.update(changes);
  }

  function showMeasures(message) {
    const box = $("analyse-kennzahlen");
    box.hidden = !message && !answer;
    $("analyse-legende").replaceChildren();
    $("analyse-rangliste").replaceChildren();
    $("analyse-rangliste-titel").hidden = true;
    $("analyse-rangliste-hinweis").hidden = true;
    if (message || !answer) {
      $("analyse-titel").textContent = "Analyse";
      $("analyse-status").textContent = message || "";
    } else {
      describeMeasures();
      showLegend();
      showRanking();
    }
    showCard();
  }

  function describeMeasures() {
    const titles = [answer.size && "Größe: " + answer.size.title_de, answer.colour && "Farbe: " + answer.colour.title_de];
    $("analyse-titel").textContent = titles.filter(Boolean).join(" · ");
    const modularity = answer.colour && answer.colour.parameters.modularity;
    const status = $("analyse-status");
    status.replaceChildren("Gemessen mit networkx im ganzen Netz der gewählten Beziehungen, ohne die Filter: "
      + answer.nodes + " Knoten, " + answer.edges + " Kanten" + (modularity !== undefined && modularity !== null
        ? ", Modularität " + germanNumber.format(modularity) : "") + " (");
    const download = el("a", "GraphML");
    download.href = "/analyse/netzwerk.graphml?" + relationQuery().toString();
    status.append(download, ").");
  }

  function swatch(colour) {
    const span = el("span", null, "node-swatch");
    span.style.setProperty("--swatch", colour);
    span.setAttribute("aria-hidden", "true");
    return span;
  }

  function showLegend() {
    const legend = $("analyse-legende");
    if (answer.size) {
      legend.append(el("p", "Größe (Fläche) wächst mit " + answer.size.title_de + ": " + answer.size.range + ".", "note"));
    }
    if (!answer.colour) return;
    if (answer.colour.categorical) {
      legend.append(el("p", answer.colour.groups + ": " + answer.colour.legend.length
        + ", die größte zuerst (Anzahl der Knoten); ein Klick zeigt sie.", "note"));
    }
    const list = el("ul", null, answer.colour.categorical ? "gruppen" : "stufen");
    answer.colour.legend.forEach((entry) => {
      const item = el("li");
      if (entry.members) {
        const button = el("button", null, "link");
        button.type = "button";
        button.title = entry.label + ": " + entry.size + " Knoten (zeigen)";
        button.append(swatch(entry.color), String(entry.index + 1), el("span", "(" + entry.size + ")", "anzahl"));
        button.addEventListener("click", () => showNodes(entry.members));
        item.append(button);
      } else {
        item.append(swatch(entry.color), entry.label);
      }
      list.append(item);
    });
    legend.append(list);
  }

  function showNodes(ids) {
    const shown = ids.filter((id) => window.nodes.get(id));
    window.network.selectNodes(shown);
    window.network.fit({ nodes: shown, animation: { duration: 300 } });
  }

  function showRanking() {
    if (!answer.ranking) return;
    const rows = answer.ranking.rows.map((row, index) => ({ ...row, rank: index + 1 }))
      .filter((row) => window.nodes.get(row.node)).slice(0, 10);
    const metric = answer.ranking.metric;
    $("analyse-rangliste-titel").textContent = "Rangliste: " + metric.title_de;
    $("analyse-rangliste-titel").hidden = false;
    $("analyse-rangliste-hinweis").hidden = rows.every((row, index) => row.rank === index + 1);
    $("analyse-rangliste").replaceChildren(...rows.map((row) => {
      const item = el("li");
      const button = el("button", row.label, "link");
      button.type = "button";
      button.title = row.label;
      button.addEventListener("click", () => view.selectNode(row.node, true));
      item.append(el("span", row.rank + ".", "rang"), button, el("span", germanNumber.format(row[metric.name]), "wert"));
      return item;
    }));
  }

  // --- scaling-up paths ------------------------------------------------------------------------

  function startNode(text) {
    const wanted = text.trim().toLocaleLowerCase("de");
    const node = window.nodes.get().find((n) => n.label.toLocaleLowerCase("de") === wanted);
    return node ? node.id : text.trim();
  }

  // Paths run over the relation groups the view shows, of those that lead upward: scaling-up (the
  // channels of influence the study codes) and membership (where a place belongs administratively).
  function pathRelations() {
    const ticked = view.state.getAll("beziehung");   // none: every group is shown
    return ["scaling-up", "membership"].filter((group) => !ticked.length || ticked.includes(group));
  }

  async function showPaths(start) {
    const mine = ++pathsAsked;
    clearPathEdges();
    if (!start) { paths = null; $("analyse-wegbox").hidden = true; showCard(); return; }
    $("analyse-wegbox").hidden = false;
    $("analyse-wege-titel").textContent = "Wege nach oben";
    const groups = pathRelations();
    if (!groups.length) {
      paths = null;
      $("analyse-wegliste").replaceChildren(el("p", "Wege nach oben führen über „Einflussnahme nach oben“ oder "
        + "„Zugehörigkeit“; keine der beiden Beziehungen ist gewählt.", "status"));
      showCard();
      return;
    }
    $("analyse-wegliste").replaceChildren(el("p", "Wege werden gesucht …", "status"));
    showCard();
    const query = new URLSearchParams({ kommune: startNode(start) });
    groups.forEach((group) => query.append("beziehung", group));
    try {
      const found = await getJson("/analyse/pfade.json?" + query.toString());
      if (mine !== pathsAsked) return;
      paths = found;
      section.dataset.wege = paths.start;
      listPaths();
      whenPlaced(() => { if (mine === pathsAsked) highlightPaths(allPaths(), true); });
    } catch (error) {
      if (mine !== pathsAsked) return;
      paths = null;
      section.dataset.wegKnoten = "0";
      const message = error.status === 404 ? "Kein Knoten heißt „" + start + "“." : "Fehler: " + error.message;
      $("analyse-wegliste").replaceChildren(el("p", message, "status error"));
    }
  }

  function allPaths() {
    return [...paths.paths.land, ...paths.paths.bund];
  }

  function listPaths() {
    $("analyse-wege-titel").textContent = "Wege nach oben ab " + paths.start_label;
    const parts = [];
    [["land", "zur Landesebene"], ["bund", "zur Bundesebene"]].forEach(([level, title]) => {
      parts.push(el("h3", title));
      const found = paths.paths[level];
      if (!found.length) { parts.push(el("p", "kein Weg über die gewählten Beziehungen", "status")); return; }
      const list = el("ol", null, "wege");
      found.forEach((path) => list.append(pathItem(path)));
      parts.push(list);
    });
    if (!allPaths().length || allPaths().every((path) => path.administrative)) parts.push(noInfluenceNote());
    $("analyse-wegliste").replaceChildren(...parts);
  }

  // Named places have no influence relations of their own: the study reports them for anonymised cases.
  function noInfluenceNote() {
    const note = el("p", "Für " + paths.start_label + " nennen die Daten keinen Einflussweg. Die Studie berichtet "
      + "Einflussnahme nur für anonymisierte Fälle („Fall #N“), nie für benannte Orte. ", "note");
    const link = el("a", "Was die Daten zeigen – und was nicht");
    link.href = "/ueber-die-daten";
    note.append(link);
    return note;
  }

  function pathItem(path) {
    const item = el("li", null, path.administrative ? "verwaltung" : "einfluss");
    const names = [path.steps[0].source_label, ...path.steps.map((step) => step.target_label)];
    const button = el("button", names.join(" → "), "link weg");
    button.type = "button";
    button.addEventListener("click", () => highlightPaths([path], true));
    const sources = [...new Set(path.steps.flatMap((step) => step.sources))];
    item.append(button);
    if (path.administrative) {
      item.append(el("span", "Zugehörigkeit (Verwaltungsgliederung): zeigt, wohin der Ort gehört – "
        + "kein Einflussweg der Studie", "quelle"));
    }
    if (sources.length) item.append(el("span", "Quelle: " + sources.join(", "), "quelle"));
    return item;
  }

  // Once netzwerk.js has placed the nodes (it fits the whole view then), or now if it has.
  function whenPlaced(callback) {
    if ($("network").dataset.ready === "true") { callback(); return; }
    const done = () => { window.network.off("stabilizationIterationsDone", done); setTimeout(callback, 0); };
    window.network.on("stabilizationIterationsDone", done);
  }

  // Select the paths' nodes and edges; a step the view does not draw gets a dashed edge of its own.
  function highlightPaths(chosen, fit) {
    clearPathEdges();
    const nodeIds = new Set(), edgeIds = new Set(), added = [];
    chosen.forEach((path) => path.steps.forEach((step) => {
      if (!window.nodes.get(step.source) || !window.nodes.get(step.target)) return;
      nodeIds.add(step.source);
      nodeIds.add(step.target);
      const drawn = window.edges.get({ filter: (e) => (e.from === step.source && e.to === step.target)
        || (e.from === step.target && e.to === step.source) });
      if (drawn.length) { drawn.forEach((e) => edgeIds.add(e.id)); return; }
      const id = PATH_EDGE + step.source + "|" + step.target;
      if (!added.some((e) => e.id === id)) {
        added.push({ id, from: step.source, to: step.target, arrows: "to", dashes: [6, 4], width: 2.5,
          color: { color: "#1f5f99", highlight: "#1f5f99" }, title: "Weg nach oben: " + step.predicates.join(", ") });
      }
      edgeIds.add(id);
    }));
    window.edges.update(added);
    window.network.setSelection({ nodes: [...nodeIds], edges: [...edgeIds] }, { unselectAll: true, highlightEdges: false });
    if (fit && nodeIds.size) window.network.fit({ nodes: [...nodeIds], animation: { duration: 300 } });
    section.dataset.wegKnoten = String(nodeIds.size);
  }

  function clearPathEdges() {
    window.edges.remove(window.edges.getIds().filter((id) => String(id).startsWith(PATH_EDGE)));
  }

  // --- wiring ----------------------------------------------------------------------------------

  sizeSelect.addEventListener("change", () => { setState("groesse", sizeSelect.value); refreshMeasures(); });
  colourSelect.addEventListener("change", () => { setState("farbe", colourSelect.value); refreshMeasures(); });
  $("analyse-wege").addEventListener("submit", (event) => {
    event.preventDefault();
    const start = $("analyse-start").value.trim();
    setState("wege", start);
    showPaths(start);
  });
  $("analyse-wege-schliessen").addEventListener("click", () => {
    $("analyse-start").value = "";
    setState("wege", "");
    window.network.unselectAll();
    showPaths("");
  });
  // Nodes added later (expanded neighbours) take the measures' looks too.
  window.nodes.on("add", (event, properties) => {
    if (answer) setTimeout(() => applyLooks(window.nodes.get(properties.items).filter(Boolean)), 0);
  });
  // netzwerk.js has shown a new view (filters, layout): the type looks are back; measure again.
  let first = true;
  document.addEventListener("netzwerk:ansicht", () => {
    original.clear();
    refreshMeasures();
    if (first && view.state.get("wege")) showPaths(view.state.get("wege"));
    else if (paths) whenPlaced(() => { if (paths) highlightPaths(allPaths(), false); });
    first = false;
  });
})();
