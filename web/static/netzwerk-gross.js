/* /netzwerk for large networks (the server marks #network with data-gross="ja" when the store holds
 * more Kommunen than its network_cluster_above setting). netzwerk.js keeps the URL state and the
 * filter form and hands every view to window.netzwerkGross.show(state, fillFacetOptions):
 * - without a filter: clusters from /netzwerk/gruppen.json — Germany's Länder, a Land's Kreise
 *   (?gruppe=Land IRI), a Landkreis's Gemeinden (?gruppe=Kreis IRI); a click opens a cluster;
 * - with a filter (e.g. a whole Land) or ansicht=alle: every node from /netzwerk/gross.json.
 * Positions always come from the server (physics off). Views with more than WEBGL_ABOVE nodes are
 * drawn by sigma.js (WebGL), smaller ones by vis-network (?darstellung=webgl|vis chooses).
 * Labels are set as text, never as HTML. */
(function () {
  "use strict";
  const { el, setStatus, getJson } = window.koopgraphNetz;   // netz-gemeinsam.js

  const stage = document.getElementById("network");
  if (!stage || stage.dataset.gross !== "ja") return;

  const WEBGL_ABOVE = 2000;
  // the filter facets are the server's: the selects of the page's form (netzwerk.html)
  const facetNames = Array.from(document.querySelectorAll("#netz-filter select[data-facet]"), (s) => s.name);
  const number = new Intl.NumberFormat("de-DE");
  const box = el("div", null, "netz-canvas netz-gross");
  const trail = el("nav", null, "netz-pfad");
  const info = el("p", null, "netz-gross-info");
  box.id = "netz-gross";
  trail.id = "netz-pfad";
  trail.setAttribute("aria-label", "Ebene");
  info.id = "netz-gross-info";
  info.hidden = true;
  stage.hidden = true;
  stage.before(trail);
  stage.after(box, info);

  let state = null;
  let fillFacets = () => {};
  let drawing = null;   // {kind: "vis"|"sigma", point(id), destroy()}
  let shown = [];       // the nodes of the view, as drawn
  let request = 0;


  function filtered() {
    return facetNames.some((name) => state.get(name)) || state.get("ansicht") === "alle";
  }

  // --- loading -------------------------------------------------------------------------------

  async function show(urlState, fillFacetOptions) {
    state = urlState;
    fillFacets = fillFacetOptions || fillFacets;
    const mine = ++request;
    box.dataset.ready = "false";
    info.hidden = true;
    setStatus("Netzwerk wird geladen …");
    try {
      if (filtered()) {
        const query = new URLSearchParams(state);
        ["fokus", "gruppe", "darstellung"].forEach((name) => query.delete(name));
        const data = await getJson("/netzwerk/gross.json?" + query.toString());
        if (mine === request) showAll(data);
      } else {
        const group = state.get("gruppe");
        const data = await getJson("/netzwerk/gruppen.json" + (group ? "?gruppe=" + encodeURIComponent(group) : ""));
        if (mine === request) showClusters(data);
      }
    } catch (error) {
      if (mine === request) setStatus("Fehler: " + error.message, true);
    }
  }

  function showClusters(data) {
    const biggest = Math.max(1, ...data.nodes.map((n) => n.members));
    // inside a Land, "Landkreis X (Rheinland-Pfalz)" says its Land twice: the trail already names it
    const land = data.path.length ? data.path[0].label.replace(/\s*\([^)]*\)$/, "") : null;
    const short = (label) => (land && label.endsWith(" (" + land + ")") ? label.slice(0, -(land.length + 3)) : label);
    const nodes = data.nodes.map((n) => ({
      id: n.id, label: short(n.label) + " · " + number.format(n.members), x: n.x, y: n.y, href: n.href,
      opens: n.opens, members: n.members, color: n.opens ? "#1f5f99" : "#6a994e",
      size: 8 + 30 * Math.sqrt(n.members / biggest),
    }));
    const heaviest = Math.max(1, ...data.edges.map((e) => e.count));
    const edges = data.edges.map((e) => ({
      source: e.from, target: e.to, color: data.edges.length > 60 ? "rgba(141, 153, 174, 0.3)" : "#8d99ae",
      width: 0.5 + 4 * e.count / heaviest,
      title: number.format(e.count) + " Kanten",
    }));
    draw(nodes, edges, data.level);
    showTrail(data.path, data.level);
    if (!data.path.length) fillFacets({ land: data.nodes.map((n) => n.label).sort((a, b) => a.localeCompare(b, "de")) });
    const names = { land: "Länder", kreis: "Kreise", gemeinde: "Gemeinden" };
    setStatus(nodes.length + " " + names[data.level] + " · " + edges.length + " gebündelte Kanten · "
      + number.format(data.counts.kommunen) + " Kommunen · Anordnung vom Server vorberechnet");
  }

  function showAll(data) {
    const looks = data.looks;
    const nodes = data.nodes.id.map((id, i) => {
      const look = looks.nodes[data.nodes.look[i]];
      return { id, label: data.nodes.label[i], x: data.nodes.x[i], y: data.nodes.y[i], color: look.color,
        size: look.size, kind: look.label, href: null };
    });
    const edges = data.edges.source.map((s, i) => ({
      source: nodes[s].id, target: nodes[data.edges.target[i]].id, color: looks.edges[data.edges.group[i]].color,
      width: 1,
    }));
    draw(nodes, edges, "alle");
    showTrail([], "alle");
    fillFacets(data.facets);
    setStatus(number.format(data.counts.nodes) + " Knoten · " + number.format(data.counts.edges) + " Kanten · "
      + (drawing.kind === "sigma" ? "WebGL" : "vis-network") + " · Anordnung vom Server vorberechnet");
  }

  // --- drawing -------------------------------------------------------------------------------

  function draw(nodes, edges, level) {
    if (drawing) drawing.destroy();
    shown = nodes;
    box.dataset.ebene = level;
    const chosen = state.get("darstellung");   // "webgl" or "vis" overrides the choice by size
    const webgl = chosen ? chosen === "webgl" : nodes.length > WEBGL_ABOVE;
    drawing = webgl ? drawSigma(nodes, edges) : drawVis(nodes, edges);
    box.dataset.renderer = drawing.kind;
  }

  // vis fits the server's coordinates into the box, so labels and dots shrink with the spread of the layout;
  // grow them by the same factor to keep them readable at about 14 px.
  function visScale(nodes) {
    const spread = (key) => Math.max(...nodes.map((n) => n[key])) - Math.min(...nodes.map((n) => n[key]));
    return Math.max(1, Math.max(spread("x"), spread("y")) / 700);
  }

  function drawVis(nodes, edges) {
    const grow = visScale(nodes);
    const data = {
      nodes: new vis.DataSet(nodes.map((n) => ({ id: n.id, label: n.label, x: n.x, y: n.y, size: grow * n.size / 1.5,
        shape: "dot", color: n.color, title: n.kind || n.label }))),
      edges: new vis.DataSet(edges.map((e, i) => ({ id: i, from: e.source, to: e.target, width: grow * e.width,
        color: { color: e.color }, title: e.title }))),
    };
    const network = new vis.Network(box, data, {
      physics: false, edges: { smooth: false }, interaction: { hover: true, tooltipDelay: 150 },
      nodes: { font: { size: 14 * grow, face: "system-ui, sans-serif", strokeWidth: 3 * grow, strokeColor: "#ffffff" } },
    });
    network.once("afterDrawing", () => { box.dataset.ready = "true"; });
    network.on("click", (params) => { if (params.nodes.length) clicked(params.nodes[0]); });
    return {
      kind: "vis",
      point: (id) => network.canvasToDOM(network.getPositions([id])[id]),
      destroy: () => network.destroy(),
    };
  }

  function drawSigma(nodes, edges) {
    const graph = new graphology.MultiGraph();
    nodes.forEach((n) => graph.addNode(n.id, { x: n.x, y: -n.y, size: Math.max(1.5, n.size / 4), color: n.color,
      label: n.label }));
    edges.forEach((e) => graph.addEdge(e.source, e.target, { color: translucent(e.color), size: 0.5 }));
    const renderer = new Sigma(graph, box, { labelRenderedSizeThreshold: 6, defaultEdgeColor: "#c9d1d9",
      hideEdgesOnMove: true });
    renderer.once("afterRender", () => { box.dataset.ready = "true"; });
    renderer.refresh();
    renderer.on("clickNode", ({ node }) => clicked(node));
    return {
      kind: "sigma",
      point: (id) => renderer.graphToViewport(graph.getNodeAttributes(id)),
      destroy: () => renderer.kill(),
    };
  }

  function translucent(hex) {   // thousands of edges: see the nodes through them
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return "rgba(" + r + "," + g + "," + b + ",0.18)";
  }

  // --- clicks and the trail ------------------------------------------------------------------

  function clicked(id) {
    const node = shown.find((n) => n.id === id);
    if (!node) return;
    if (node.opens) {
      state.set("gruppe", id);
      window.netzwerk.writeUrl();
      show(state);
      return;
    }
    const link = el("a", node.label.replace(/ · [\d.]+$/, ""));
    link.href = node.href || "/ressource?" + new URLSearchParams({ iri: id }).toString();
    info.replaceChildren(el("span", (node.kind || "Kommune") + ": "), link);
    info.hidden = false;
  }

  function step(text, change) {
    const button = el("button", text, "link");
    button.type = "button";
    button.addEventListener("click", () => {
      change();
      window.netzwerk.writeUrl();
      show(state);
    });
    return button;
  }

  function clearFilters() {
    facetNames.concat(["ansicht", "gruppe", "fokus"]).forEach((name) => state.delete(name));
    const form = document.getElementById("netz-filter");
    facetNames.forEach((name) => { form.elements[name].value = ""; });
  }

  function showTrail(path, level) {
    const items = [path.length || level === "alle" ? step("Deutschland", clearFilters) : el("strong", "Deutschland")];
    path.forEach((entry, i) => {
      items.push(el("span", " › ", "sep"));
      items.push(i === path.length - 1 ? el("strong", entry.label)
        : step(entry.label, () => state.set("gruppe", entry.id)));
    });
    if (level === "land") items.push(el("span", " · ", "sep"), step("Alle Knoten zeigen", () => state.set("ansicht", "alle")));
    if (path.length) {
      items.push(el("span", " · ", "sep"), step("Alle Knoten von " + path[0].label + " zeigen", () => {
        state.delete("gruppe");
        state.set("land", path[0].label);
      }));
    }
    if (level === "alle") items.push(el("span", " › alle Knoten", "sep"));
    trail.replaceChildren(...items);
  }

  // For tests and the benchmark: the drawn nodes and where a node is on the page.
  function pagePoint(id) {
    const point = drawing.point(id);
    const rect = box.getBoundingClientRect();
    return { x: rect.left + point.x, y: rect.top + point.y };
  }

  window.netzwerkGross = { show, pagePoint, nodes: () => shown.map((n) => ({ id: n.id, label: n.label,
    members: n.members, opens: Boolean(n.opens) })) };
}());
