/* The network view: loads /netzwerk.json for the state in the URL, keeps pyvis's globals
 * window.network, window.nodes and window.edges (vis DataSets), and writes every label as
 * text (textContent, vis-network titles as strings), never as HTML. */
(function () {
  "use strict";
  const { el, setStatus, getJson } = window.koopgraphNetz;   // netz-gemeinsam.js

  const $ = (id) => document.getElementById(id);
  const filterForm = $("netz-filter");
  const panel = $("panel");
  const state = new URLSearchParams(window.location.search);
  // The filter facets are the server's (the form's selects; their values come with each view's JSON).
  const facetSelects = () => Array.from(filterForm.querySelectorAll("select[data-facet]"));
  let serverPositions = null;
  let fitPending = false;   // fit the whole view once the physics has settled
  let request = 0;

  window.nodes = new vis.DataSet([]);
  window.edges = new vis.DataSet([]);
  window.network = new vis.Network($("network"), { nodes: window.nodes, edges: window.edges }, {});


  // --- the view state (filters, layout, focus, expanded nodes) lives in the URL -------------

  function readForm() {
    const boxes = Array.from(filterForm.querySelectorAll("input[name=beziehung]"));
    state.delete("beziehung");
    if (boxes.some((b) => !b.checked)) {
      boxes.filter((b) => b.checked).forEach((b) => state.append("beziehung", b.value));
      if (!boxes.some((b) => b.checked)) state.append("beziehung", "keine");
    }
    facetSelects().forEach((select) => {
      if (select.value) state.set(select.name, select.value); else state.delete(select.name);
    });
    state.set("layout", filterForm.querySelector("input[name=layout]:checked").value);
    ["stand", "vergleich"].forEach((name) => {   // the time fields (dates, not facet selects)
      const input = filterForm.elements[name];
      if (input && input.value) state.set(name, input.value); else state.delete(name);
    });
  }

  function showTimeCounts(zeit) {
    const out = $("zeit-zaehler");
    if (!out) return;
    const counts = zeit && zeit.zaehlung;
    out.textContent = counts ? `begonnen ${counts.begonnen} (grün) · geendet ${counts.geendet} (rot, gestrichelt) · `
      + `geblieben ${counts.geblieben} (grau)` : (zeit && zeit.stand ? `Stand am ${zeit.stand}` : "");
  }

  function writeUrl() {
    const query = state.toString();
    window.history.replaceState(null, "", "/netzwerk" + (query ? "?" + query : ""));
    $("export-graphml-alle").href = "/netzwerk.graphml" + (query ? "?" + query : "");
    $("netz-beschriftung").textContent = caption();
  }

  // The view's filters in words, for the page's caption and the exports.
  function caption() {
    const parts = [];
    const boxes = Array.from(filterForm.querySelectorAll("input[name=beziehung]"));
    const ticked = boxes.filter((b) => b.checked).map((b) => b.parentElement.textContent.trim());
    parts.push(ticked.length === boxes.length ? "Alle Beziehungen" : "Beziehungen: " + (ticked.join(", ") || "keine"));
    facetSelects().forEach((select) => {
      if (select.value) parts.push(select.parentElement.firstChild.textContent.trim() + ": " + select.value);
    });
    const layout = filterForm.querySelector("input[name=layout]:checked");
    if (layout) parts.push("Anordnung: " + layout.parentElement.textContent.trim());
    return parts.join(" · ");
  }

  function viewQuery() {
    const query = new URLSearchParams(state);
    query.delete("fokus");
    return query.toString();
  }

  // --- loading and showing a view --------------------------------------------------------------

  async function loadView() {
    if (window.netzwerkGross) return window.netzwerkGross.show(state, fillFacetOptions);  // netzwerk-gross.js
    const mine = ++request;
    setStatus("Netzwerk wird geladen …");
    let data;
    try {
      data = await getJson("/netzwerk.json?" + viewQuery());
    } catch (error) {
      setStatus("Fehler: " + error.message, true);
      return;
    }
    if (mine !== request) return;
    showView(data);
    setStatus(data.counts.nodes + " Knoten · " + data.counts.edges + " Kanten"
      + (data.positions ? " · feste Anordnung" : ""));
    const focus = state.get("fokus");
    if (focus && window.nodes.get(focus)) selectNode(focus, false);
    // for analyse.js, netz-legende.js, netz-liste.js, netz-export.js
    document.dispatchEvent(new CustomEvent("netzwerk:ansicht", { detail: data }));
  }

  function showView(data) {
    serverPositions = data.positions;
    const keepNodes = new Set(data.nodes.map((n) => n.id));
    const keepEdges = new Set(data.edges.map((e) => e.id));
    window.edges.remove(window.edges.getIds().filter((id) => !keepEdges.has(id)));
    window.nodes.remove(window.nodes.getIds().filter((id) => !keepNodes.has(id)));
    data.nodes.forEach((n) => {
      if (n.x === undefined) { n.physics = true; n.fixed = false; }
    });
    window.network.setOptions(data.options);
    window.nodes.update(data.nodes);
    window.edges.update(data.edges);
    fitPending = !serverPositions;
    $("network").dataset.ready = "false";
    $("network").dataset.ruhig = String(Boolean(serverPositions));   // placed by the server: nothing moves
    if (serverPositions) settled();
    else window.network.stabilize(300);
    fillSearchList();
    fillFacetOptions(data.facets);
    showTimeCounts(data.zeit);
  }

  function fillFacetOptions(facets) {
    Object.entries(facets).forEach(([name, labels]) => {
      const select = filterForm.elements[name];
      if (!select) return;
      const chosen = select.value;
      const options = [el("option", "alle")];
      options[0].value = "";
      labels.forEach((label) => {
        const option = el("option", label);
        option.value = label;
        option.selected = label.toLocaleLowerCase("de") === chosen.toLocaleLowerCase("de");
        options.push(option);
      });
      select.replaceChildren(...options);
    });
  }

  function fillSearchList() {
    const list = $("knoten-namen");
    list.replaceChildren(...window.nodes.get()
      .map((n) => n.label).sort((a, b) => a.localeCompare(b, "de"))
      .map((label) => { const o = el("option"); o.value = label; return o; }));
  }

  // --- search, selection and the side panel ---------------------------------------------------

  function findNode(text) {
    const wanted = text.trim().toLocaleLowerCase("de");
    if (!wanted) return null;
    const all = window.nodes.get();
    return all.find((n) => n.label.toLocaleLowerCase("de") === wanted)
      || all.find((n) => n.label.toLocaleLowerCase("de").startsWith(wanted))
      || all.find((n) => n.label.toLocaleLowerCase("de").includes(wanted)) || null;
  }

  // A key (AGS 8, ARS 12, Kreis 5 digits …), a postcode or an official name ("Aulendorf, Stadt") is
  // looked up by the server's place search (the same as /kommunen?suche=); the first place found
  // that is a node of this view is chosen. A place found but not shown says so, with its page.
  let lastPlaceMiss = null;

  async function findPlace(text) {
    lastPlaceMiss = null;
    if (text.length < 2) return null;
    let data;
    try { data = await getJson("/kommunen.json?seite=alle&suche=" + encodeURIComponent(text)); }
    catch (error) { return null; }
    const rows = data.rows || [];
    const shown = rows.find((row) => window.nodes.get(row.iri));
    if (shown) return window.nodes.get(shown.iri);
    if (rows.length) {
      lastPlaceMiss = rows[0];
      const link = el("a", rows[0].name);
      link.href = rows[0].href;
      setStatus("", true);
      $("netz-status").append("„" + text + "“ ist ", link, ": in dieser Ansicht kein Knoten "
        + "(sie zeigt Orte mit Daten über die amtliche Gebietsgliederung hinaus).");
    }
    return null;
  }

  function selectNode(id, animate) {
    window.network.selectNodes([id]);
    // on phones the panel is a sheet over the lower 45 % of the screen: the node goes above it
    const sheet = window.matchMedia("(max-width: 760px)").matches ? 0.45 * window.innerHeight : 0;
    window.network.focus(id, { scale: 1.3, offset: { x: 0, y: -sheet / 2 }, animation: animate ? { duration: 400 } : false });
    state.set("fokus", id);
    writeUrl();
    if (panel.hidden || panel.dataset.iri !== id) openPanel(window.nodes.get(id));
  }

  async function openPanel(node) {
    panel.hidden = false;
    panel.dataset.iri = node.id;
    $("panel-kind").textContent = node.kind || "";
    $("panel-title").textContent = node.label;
    $("panel-link").href = node.href;
    $("panel-facts").replaceChildren();
    $("panel-sources").replaceChildren();
    $("panel-neighbours").replaceChildren();
    try {
      const data = await getJson(node.json);
      if (panel.dataset.iri === node.id) showFacts(data.resource);
    } catch (error) {
      $("panel-facts").replaceChildren(el("dd", "Fehler: " + error.message, "error"));
    }
  }

  const SKIP = new Set(["http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#label"]);

  // Literals in several languages: German, else English, else all (the page shows every one).
  function preferredLanguage(statements) {
    const langs = new Set(statements.map((st) => st.other.lang).filter(Boolean));
    const wanted = langs.has("de") ? "de" : (langs.has("en") ? "en" : null);
    return wanted ? statements.filter((st) => !st.other.lang || st.other.lang === wanted) : statements;
  }

  function showFacts(resource) {
    const facts = $("panel-facts");
    facts.replaceChildren();
    const sections = new Set();
    resource.out.filter((g) => !SKIP.has(g.property.iri)).slice(0, 14).forEach((group) => {
      const statements = preferredLanguage(group.statements);
      facts.append(el("dt", group.property.label));
      statements.slice(0, 6).forEach((st) => facts.append(valueItem(st.other)));
      if (statements.length > 6) facts.append(el("dd", "+ " + (statements.length - 6) + " weitere", "more"));
    });
    resource.out.forEach((g) => g.statements.forEach((st) => st.sections.forEach((x) => sections.add(x))));
    const sources = $("panel-sources");
    sources.replaceChildren();
    if (sections.size) {
      const item = el("li", "Abschnitte: ");
      Array.from(sections).sort().forEach((x) => item.append(el("span", x, "section"), " "));
      sources.append(item);
    }
    resource.graphs.forEach((info) => {
      const item = el("li");
      const link = el("a", info.graph.label);
      link.href = info.graph.href;
      item.append(link);
      sources.append(item);
    });
  }

  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = new Set(["integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger"]
    .map((t) => XSD + t));
  const germanNumber = new Intl.NumberFormat("de-DE", { maximumFractionDigits: 6 });

  function valueText(value) {
    if (value.datatype && NUMERIC.has(value.datatype)) return germanNumber.format(Number(value.value));
    if (value.datatype === XSD + "boolean") return value.value === "true" ? "ja" : "nein";
    return value.label;
  }

  function valueItem(value) {
    const dd = el("dd");
    if (value.href) {
      const a = el("a", value.label);
      a.href = value.href;
      dd.append(a);
    } else {
      dd.textContent = valueText(value);
    }
    return dd;
  }

  // --- expanding a node's neighbours ----------------------------------------------------------

  async function expand(iri, group, offset) {
    let url = "/netzwerk/nachbarn.json?iri=" + encodeURIComponent(iri);
    if (group) url += "&gruppe=" + encodeURIComponent(group) + "&offset=" + offset;
    let data;
    try {
      data = await getJson(url);
    } catch (error) {
      setStatus("Fehler: " + error.message, true);
      return;
    }
    addNeighbours(iri, data.groups);
    if (!group) {
      if (!state.getAll("erweitert").includes(iri)) state.append("erweitert", iri);
      writeUrl();
      showNeighbourGroups(iri, data.groups);
    }
    setStatus(window.nodes.length + " Knoten · " + window.edges.length + " Kanten");
  }

  function addNeighbours(iri, groups) {
    const center = window.network.getPositions([iri])[iri] || { x: 0, y: 0 };
    const fresh = [];
    groups.forEach((g) => g.nodes.forEach((n, i) => {
      if (window.nodes.get(n.id)) return;
      const angle = (2 * Math.PI * (fresh.length + i)) / Math.max(g.nodes.length, 6);
      fresh.push({ ...n, x: center.x + 160 * Math.cos(angle), y: center.y + 160 * Math.sin(angle),
        physics: !serverPositions });
    }));
    window.nodes.update(fresh);
    window.edges.update(groups.flatMap((g) => g.edges));
    if (fresh.length) arrange();
    fillSearchList();
  }

  function showNeighbourGroups(iri, groups) {
    const box = $("panel-neighbours");
    box.replaceChildren(el("h3", "Nachbarn nach Beziehung"));
    const list = el("ul", null, "neighbour-groups");
    groups.forEach((g) => {
      const item = el("li");
      item.append(el("strong", g.label), el("span", " " + g.total, "count"));
      let shown = g.offset + g.nodes.length;
      if (g.more > 0) {
        const more = el("button", "+" + g.more + " weitere", "more");
        more.type = "button";
        more.addEventListener("click", async () => {
          await expand(iri, g.key, shown);
          shown = Math.min(g.total, shown + 10);
          const rest = g.total - shown;
          if (rest > 0) more.textContent = "+" + rest + " weitere"; else more.remove();
        });
        item.append(" ", more);
      }
      list.append(item);
    });
    box.append(list);
  }

  // --- wiring ---------------------------------------------------------------------------------

  filterForm.addEventListener("change", () => { readForm(); writeUrl(); loadView(); });
  filterForm.addEventListener("submit", (event) => { event.preventDefault(); });
  $("netz-suche").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("suche").value.trim();
    const node = findNode(text) || await findPlace(text);
    if (node) selectNode(node.id, true);
    else if (!lastPlaceMiss) setStatus("Kein Knoten heißt „" + text + "“.", true);
  });
  $("suche").addEventListener("change", () => {
    const node = findNode($("suche").value);
    if (node) selectNode(node.id, true);
  });
  // Once the nodes have their places: fit the view (or centre the focus); the page is then ready.
  function settled() {
    fitPending = false;
    const focus = state.get("fokus");
    if (focus && window.nodes.get(focus)) window.network.focus(focus, { scale: 1.1, animation: false });
    else window.network.fit({ animation: false });
    $("network").dataset.ready = "true";
    document.dispatchEvent(new CustomEvent("netzwerk:platziert"));   // the overview's scale is known now
  }

  // After its 300 steps the layout is shown and held (physics off until the next view turns it on again):
  // left running, the simulation moved nodes on for 8-23 s, up to ~450 px at the overview's zoom (parts
  // drifting apart), out of the fitted view and under one another's labels; every label update restarted it.
  window.network.on("stabilizationIterationsDone", () => {
    window.network.setOptions({ physics: { enabled: false } });
    if (fitPending) settled();
    $("network").dataset.ruhig = "true";   // nothing moves any more (tests and screenshots wait for it)
  });
  // New neighbours of a node: the physics arranges them for a moment, then the layout is held again.
  function arrange() {
    if (serverPositions) return;
    $("network").dataset.ruhig = "false";
    window.network.setOptions({ physics: { enabled: true } });
    window.network.stabilize(150);
  }
  window.network.on("click", (params) => {
    if (params.nodes.length) selectNode(params.nodes[0], false);
  });
  $("panel-close").addEventListener("click", () => {
    panel.hidden = true;
    window.network.unselectAll();
    state.delete("fokus");
    writeUrl();
  });
  $("panel-expand").addEventListener("click", () => expand(panel.dataset.iri));

  // For analyse.js: its own view state (measures, paths) joins this URL state.
  window.netzwerk = { state, writeUrl, selectNode, caption };
  $("netz-beschriftung").textContent = caption();
  loadView();
}());
