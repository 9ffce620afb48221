/* Reading the network in /netzwerk: the floating legend (one entry per type and relation the view
 * holds, with what each relation means), labels of the important nodes at the overview and of all
 * nodes once zoomed in, the row names of the levels layout, the drawer of the controls on phones,
 * and the page's look in print. Works on netzwerk.js's globals; every label is set as text. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const { el } = window.koopgraphNetz;          // netz-gemeinsam.js
  const netz = $("netz");
  const phone = window.matchMedia("(max-width: 760px)");
  if (!netz || !window.network || $("network").dataset.gross === "ja") { wireDrawer(); return; }

  const ORDINARY_FONT = 13;    // vis-network's font size of an ordinary label (web/style/network.py)
  const SHOWN_AT = 11;         // px on screen from which ordinary labels are readable enough to draw
  let rows = [];
  let threshold = 5;           // vis-network's default drawThreshold

  // --- the legend ------------------------------------------------------------------------------

  function swatch(shape, colour, kind) {
    const span = el("span", null, kind === "edge" ? "edge-swatch" : "node-swatch shape-" + shape);
    span.style.setProperty("--swatch", colour);
    span.setAttribute("aria-hidden", "true");
    return span;
  }

  function showLegend(legend) {
    const box = $("netz-legende-inhalt");
    const nodes = el("ul", null, "legend-nodes");
    legend.nodes.forEach((entry) => {
      const item = el("li");
      item.append(swatch(entry.shape, entry.color), el("span", entry.label), el("span", String(entry.count), "anzahl"));
      nodes.append(item);
    });
    const edges = el("ul", null, "legend-edges");
    const meanings = el("dl", null, "bedeutungen");
    legend.edges.forEach((entry) => {
      const item = el("li");
      const swatchEdge = swatch(null, entry.color, "edge");
      if (entry.dashes) swatchEdge.classList.add("dashed");
      if (entry.arrow) swatchEdge.classList.add("arrow");
      item.append(swatchEdge, el("span", entry.label), el("span", String(entry.count), "anzahl"));
      edges.append(item);
      meanings.append(el("dt", entry.label), el("dd", entry.meaning));
    });
    const explained = el("details", null, "bedeutung");
    explained.append(el("summary", "Was die Beziehungen bedeuten"), meanings);
    box.replaceChildren(el("h3", "Knoten"), nodes, el("h3", "Beziehungen"), edges, explained);
    if (!legend.nodes.length) box.replaceChildren(el("p", "Diese Ansicht enthält keine Knoten.", "muted"));
  }

  // After the view is fitted: room for the legend (right) and the row names (left), so that
  // neither covers a node.
  function makeRoom() {
    const legendBox = $("netz-legende");
    const stage = $("network").getBoundingClientRect();
    const right = legendBox.open && !phone.matches ? legendBox.offsetWidth + 16 : 0;
    const left = rows.length ? Math.min(170, stage.width * 0.25) : 0;
    if (!right && !left) return;
    const free = stage.width - left - right;
    if (free < stage.width * 0.45) return;
    const centre = window.network.DOMtoCanvas({ x: stage.width / 2, y: stage.height / 2 });
    window.network.moveTo({ position: centre, scale: window.network.getScale() * free / stage.width,
      offset: { x: (left - right) / 2, y: 0 }, animation: false });
  }

  // --- labels: the important nodes at the overview, every node once zoomed in -------------------

  // vis-network draws a label only when its size on screen reaches drawThreshold - 1; the threshold
  // is set so that at the overview ordinary labels stay hidden and the important ones (enlarged to be
  // readable) show, and zooming in by a third brings every label.
  function labelForOverview() {
    const scale = window.network.getScale();
    const stage = $("network").getBoundingClientRect();
    const room = Math.max(5, Math.round((stage.width * stage.height) / 45000));   // labels the screen holds
    const important = window.nodes.get({ filter: (n) => n.important && n.important <= room }).map((n) => n.id);
    $("network").dataset.beschriftung = String(labelled(important, scale).length);
  }

  // Sets the label threshold for ``scale`` and the important nodes' font; the ids whose label is enlarged
  // (at the overview: those that fit without overlap; zoomed in: all of them, at the ordinary size).
  function labelled(important, scale) {
    if (ORDINARY_FONT * scale >= SHOWN_AT || window.nodes.length <= 40) {
      threshold = 5;
      window.network.setOptions({ nodes: { scaling: { label: { drawThreshold: threshold } } } });
      window.nodes.update(important.map((id) => ({ id, font: { size: ORDINARY_FONT } })));
      return important;
    }
    threshold = ORDINARY_FONT * scale * 1.3 + 1;
    window.network.setOptions({ nodes: { scaling: { label: { drawThreshold: threshold } } } });
    const size = Math.max(ORDINARY_FONT * 1.4, 15 / scale);
    const { shown, crowded } = withoutOverlap(important, size, scale);
    window.nodes.update(shown.map((id) => ({ id, font: { size } }))
      .concat(crowded.map((id) => ({ id, font: { size: ORDINARY_FONT } }))));
    return shown;
  }

  // The enlarged overview labels that fit without covering one another, most important first; a label
  // that would cover one already placed, or run over the canvas's edge (on a phone a long name is wider
  // than the half screen beside its node), stays small (hidden at the overview, shown when zoomed in).
  const measure = document.createElement("canvas").getContext("2d");

  function withoutOverlap(ids, size, scale) {
    const placed = [], shown = [], crowded = [];
    const positions = window.network.getPositions(ids);
    const stage = $("network").getBoundingClientRect();
    ids.map((id) => window.nodes.get(id)).sort((a, b) => a.important - b.important).forEach((node) => {
      const box = labelBox(node, positions[node.id], size, scale);
      if (box.l < 0 || box.r > stage.width
          || placed.some((other) => other.l < box.r && box.l < other.r && other.t < box.b && box.t < other.b)) {
        crowded.push(node.id);
      } else {
        placed.push(box);
        shown.push(node.id);
      }
    });
    return { shown, crowded };
  }

  // Where vis-network draws a node's label on screen: centred below the node, one line of ``size``.
  function labelBox(node, position, size, scale) {
    const centre = window.network.canvasToDOM(position);
    measure.font = size * scale + "px arial";
    const half = measure.measureText(node.label).width / 2;
    const top = centre.y + (node.size || 10) * scale;
    return { l: centre.x - half, r: centre.x + half, t: top, b: top + size * scale * 1.25 };
  }

  // --- row names of the levels layout, drawn left of the rows -----------------------------------

  // In screen space at the left edge, at the height of each row, on a light backdrop.
  function drawRows(context) {
    if (!rows.length) return;
    const ratio = context.canvas.width / context.canvas.clientWidth;
    context.save();
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.font = "600 12px system-ui, sans-serif";
    context.textBaseline = "middle";
    rows.forEach((row) => {
      const y = window.network.canvasToDOM({ x: 0, y: row.y }).y;
      const width = context.measureText(row.name).width;
      context.fillStyle = "rgba(251, 252, 253, 0.9)";
      context.fillRect(4, y - 10, width + 12, 20);
      context.fillStyle = "#3d4a59";
      context.fillText(row.name, 10, y);
    });
    context.restore();
  }

  // --- the drawer of the controls (phones) ------------------------------------------------------

  function wireDrawer() {
    const button = $("netz-schublade-knopf");
    if (!button) return;
    const open = (yes) => {
      netz.classList.toggle("schublade-auf", yes);
      button.setAttribute("aria-expanded", String(yes));
      if (yes) $("suche").focus(); else button.focus();
    };
    button.addEventListener("click", () => open(!netz.classList.contains("schublade-auf")));
    $("netz-schublade-zu").addEventListener("click", () => open(false));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && netz.classList.contains("schublade-auf")) open(false);
    });
    $("netz-filter").addEventListener("change", () => { if (phone.matches) open(false); });
  }

  // --- print: the graph fills the printed stage, with its legend open --------------------------

  function wirePrint() {
    let legendWasOpen = true;
    window.addEventListener("beforeprint", () => {
      legendWasOpen = $("netz-legende").open;
      $("netz-legende").open = true;
      window.network.setSize("100%", "100%");
      window.network.redraw();
      window.network.fit({ animation: false });
    });
    window.addEventListener("afterprint", () => {
      $("netz-legende").open = legendWasOpen;
      window.network.setSize("100%", "100%");
      window.network.fit({ animation: false });
    });
  }

  document.addEventListener("netzwerk:ansicht", (event) => {
    rows = event.detail.rows || [];
    showLegend(event.detail.legend);
  });
  document.addEventListener("netzwerk:platziert", () => {
    if (!window.netzwerk.state.get("fokus")) makeRoom();
    labelForOverview();
  });
  // Is the node's label drawn at the current zoom? (vis-network's own rule; for the SVG export)
  window.netzwerk.labelShown = (node) => ((node.font && node.font.size) || ORDINARY_FONT) * window.network.getScale()
    >= threshold - 1;
  window.network.on("afterDrawing", drawRows);
  // Zooming (by wheel, by a search's focus, by a selection) changes which labels are readable: the
  // enlarged overview labels shrink back once every label shows. Checked before each drawing, and
  // applied after it (updating nodes while vis-network draws would draw again at once).
  let drawnAt = null;
  window.network.on("beforeDrawing", () => {
    const scale = window.network.getScale();
    if ($("network").dataset.ready !== "true" || drawnAt === null || Math.abs(scale / drawnAt - 1) < 0.02) {
      if (drawnAt === null && $("network").dataset.ready === "true") drawnAt = scale;
      return;
    }
    drawnAt = scale;
    window.requestAnimationFrame(labelForOverview);
  });
  if (phone.matches) $("netz-legende").open = false;
  wireDrawer();
  wirePrint();
}());
