/* Exports of /netzwerk: what is on screen as PNG and as SVG — with title, filters, legend and source
 * line — and as GraphML (POSTed node and edge ids; the server writes them in the one export schema).
 * vis-network has no SVG export, so the SVG is written here from its positions and node options.
 * Every text goes in through textContent; the SVG is serialised by XMLSerializer. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const { el, setStatus } = window.koopgraphNetz;          // netz-gemeinsam.js
  if (!window.network || !window.netzwerk || $("network").dataset.gross === "ja") return;
  const SVG = "http://www.w3.org/2000/svg";
  const PAD = 16, TITLE = 22, LINE = 17, LEGEND_ROW = 20, LEGEND_COLUMN = 250;
  let legend = { nodes: [], edges: [] };

  // --- what is on screen ------------------------------------------------------------------------

  function onScreen() {
    const box = $("network").getBoundingClientRect();
    const positions = window.network.getPositions();
    const nodes = window.nodes.get().filter((n) => {
      const p = positions[n.id] && window.network.canvasToDOM(positions[n.id]);
      return p && p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height;
    });
    const ids = new Set(nodes.map((n) => n.id));
    const edges = window.edges.get().filter((e) => ids.has(e.from) && ids.has(e.to) && !String(e.id).startsWith("analyse-weg|"));
    return { nodes, edges, width: box.width, height: box.height };
  }

  function sourceLine() {
    return $("netz-quelle").textContent.replace(/\s+/g, " ").trim();
  }

  function download(blob, name) {
    const link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  // --- shapes, shared by the PNG legend and the SVG -----------------------------------------------

  function shapePoints(shape, x, y, r) {
    const polygon = (corners, rotate, radii) => Array.from({ length: corners }, (_, i) => {
      const angle = rotate + (2 * Math.PI * i) / corners;
      const radius = radii ? radii[i % radii.length] : r;
      return [x + radius * Math.cos(angle), y + radius * Math.sin(angle)];
    });
    switch (shape) {
      case "square": return [[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r]];
      case "diamond": return polygon(4, -Math.PI / 2);
      case "triangle": return polygon(3, -Math.PI / 2);
      case "triangleDown": return polygon(3, Math.PI / 2);
      case "hexagon": return polygon(6, 0);
      case "star": return polygon(10, -Math.PI / 2, [r * 1.2, r * 0.5]);
      default: return null;   // a circle
    }
  }

  const fill = (c) => (typeof c === "string" ? c : (c && c.background) || "#999999");
  const outline = (c) => (typeof c === "string" ? c : (c && c.border) || "#333333");

  // --- PNG: the canvas between a title and a legend ----------------------------------------------

  function legendHeight(width) {
    const columns = Math.max(1, Math.floor((width - 2 * PAD) / LEGEND_COLUMN));
    return (Math.ceil(legend.nodes.length / columns) + Math.ceil(legend.edges.length / columns)) * LEGEND_ROW + 2 * LINE;
  }

  function drawLegendEntries(context, width, top) {
    const columns = Math.max(1, Math.floor((width - 2 * PAD) / LEGEND_COLUMN));
    let y = top;
    context.font = "600 13px system-ui, sans-serif";
    context.fillStyle = "#1d2733";
    context.fillText("Legende", PAD, y);
    y += LINE;
    context.font = "13px system-ui, sans-serif";
    legend.nodes.forEach((entry, i) => {
      const x = PAD + (i % columns) * LEGEND_COLUMN, row = y + Math.floor(i / columns) * LEGEND_ROW;
      context.beginPath();
      const points = shapePoints(entry.shape, x + 7, row - 4, 6);
      if (points) points.forEach(([px, py], k) => (k ? context.lineTo(px, py) : context.moveTo(px, py)));
      else context.arc(x + 7, row - 4, 6, 0, 2 * Math.PI);
      context.closePath();
      context.fillStyle = entry.color;
      context.fill();
      context.strokeStyle = "#333333";
      context.stroke();
      context.fillStyle = "#1d2733";
      context.fillText(entry.label, x + 20, row);
    });
    y += Math.ceil(legend.nodes.length / columns) * LEGEND_ROW;
    legend.edges.forEach((entry, i) => {
      const x = PAD + (i % columns) * LEGEND_COLUMN, row = y + Math.floor(i / columns) * LEGEND_ROW;
      context.strokeStyle = entry.color;
      context.lineWidth = 3;
      context.setLineDash(entry.dashes ? [5, 3] : []);
      context.beginPath();
      context.moveTo(x, row - 4);
      context.lineTo(x + 16, row - 4);
      context.stroke();
      context.setLineDash([]);
      context.lineWidth = 1;
      context.fillStyle = "#1d2733";
      context.fillText(entry.label, x + 22, row);
    });
  }

  function exportPng() {
    const source = $("network").querySelector("canvas");
    const width = source.clientWidth, height = source.clientHeight, ratio = source.width / width;
    const head = PAD + TITLE + LINE + 8, foot = legendHeight(width) + LINE + PAD;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round((head + height + foot) * ratio);
    const context = canvas.getContext("2d");
    context.scale(ratio, ratio);
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, width, head + height + foot);
    context.fillStyle = "#1d2733";
    context.font = "700 18px system-ui, sans-serif";
    context.fillText("Kooperationsnetzwerk", PAD, PAD + 16);
    context.font = "13px system-ui, sans-serif";
    context.fillText(window.netzwerk.caption(), PAD, PAD + TITLE + 12);
    context.drawImage(source, 0, head, width, height);
    context.strokeStyle = "#d8dee6";
    context.strokeRect(0.5, head + 0.5, width - 1, height - 1);
    drawLegendEntries(context, width, head + height + LINE + 4);
    context.font = "11px system-ui, sans-serif";
    context.fillStyle = "#5b6776";
    context.fillText(sourceLine(), PAD, head + height + foot - PAD + 4, width - 2 * PAD);
    canvas.toBlob((blob) => download(blob, "koopgraph-netzwerk.png"), "image/png");
  }

  // --- SVG: the same, as vectors ------------------------------------------------------------------

  function svgEl(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, String(value)));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function shapeEl(shape, x, y, r, colour, border) {
    const points = shapePoints(shape, x, y, r);
    const style = { fill: colour, stroke: border, "stroke-width": Math.max(1, r / 8) };
    return points ? svgEl("polygon", { points: points.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" "), ...style })
      : svgEl("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1), ...style });
  }

  function networkSvg(shown) {
    const topLeft = window.network.DOMtoCanvas({ x: 0, y: 0 });
    const bottomRight = window.network.DOMtoCanvas({ x: shown.width, y: shown.height });
    const group = svgEl("svg", { x: 0, width: shown.width, height: shown.height, overflow: "hidden",
      viewBox: [topLeft.x, topLeft.y, bottomRight.x - topLeft.x, bottomRight.y - topLeft.y].map((v) => v.toFixed(1)).join(" ") });
    const positions = window.network.getPositions(shown.nodes.map((n) => n.id));
    const defs = svgEl("defs");
    const arrows = new Map();
    const arrow = (colour) => {
      if (!arrows.has(colour)) {
        const id = "pfeil-" + arrows.size;
        const marker = svgEl("marker", { id, viewBox: "0 0 10 10", refX: 16, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" });
        marker.append(svgEl("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }));
        defs.append(marker);
        arrows.set(colour, id);
      }
      return "url(#" + arrows.get(colour) + ")";
    };
    group.append(defs);
    shown.edges.forEach((e) => {
      const a = positions[e.from], b = positions[e.to];
      const colour = typeof e.color === "string" ? e.color : (e.color && e.color.color) || "#999999";
      const line = svgEl("line", { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
        stroke: colour, "stroke-width": e.width || 1, fill: "none" });
      if (e.dashes) line.setAttribute("stroke-dasharray", "6 4");
      if (e.arrows) line.setAttribute("marker-end", arrow(colour));
      group.append(line);
    });
    const labelled = window.netzwerk.labelShown || (() => true);
    shown.nodes.forEach((n) => {
      const p = positions[n.id];
      group.append(shapeEl(n.shape, p.x, p.y, n.size || 10, fill(n.color), outline(n.color)));
      if (labelled(n)) {
        const size = (n.font && n.font.size) || 13;
        group.append(svgEl("text", { x: p.x.toFixed(1), y: (p.y + (n.size || 10) + size).toFixed(1), "font-size": size,
          "text-anchor": "middle", "font-family": "system-ui, sans-serif", fill: "#1d2733", stroke: "#ffffff",
          "stroke-width": size / 4, "paint-order": "stroke" }, n.label));
      }
    });
    return group;
  }

  function svgLegend(svg, width, top) {
    const columns = Math.max(1, Math.floor((width - 2 * PAD) / LEGEND_COLUMN));
    svg.append(svgEl("text", { x: PAD, y: top, "font-weight": 600, "font-size": 13 }, "Legende"));
    let y = top + LINE;
    legend.nodes.forEach((entry, i) => {
      const x = PAD + (i % columns) * LEGEND_COLUMN, row = y + Math.floor(i / columns) * LEGEND_ROW;
      svg.append(shapeEl(entry.shape, x + 7, row - 4, 6, entry.color, "#333333"),
        svgEl("text", { x: x + 20, y: row, "font-size": 13 }, entry.label));
    });
    y += Math.ceil(legend.nodes.length / columns) * LEGEND_ROW;
    legend.edges.forEach((entry, i) => {
      const x = PAD + (i % columns) * LEGEND_COLUMN, row = y + Math.floor(i / columns) * LEGEND_ROW;
      const line = svgEl("line", { x1: x, y1: row - 4, x2: x + 16, y2: row - 4, stroke: entry.color, "stroke-width": 3 });
      if (entry.dashes) line.setAttribute("stroke-dasharray", "5 3");
      svg.append(line, svgEl("text", { x: x + 22, y: row, "font-size": 13 }, entry.label));
    });
  }

  function exportSvg() {
    const shown = onScreen();
    const head = PAD + TITLE + LINE + 8, foot = legendHeight(shown.width) + LINE + PAD;
    const total = head + shown.height + foot;
    const svg = svgEl("svg", { xmlns: SVG, width: shown.width, height: total, viewBox: `0 0 ${shown.width} ${total}`,
      "font-family": "system-ui, sans-serif", fill: "#1d2733" });
    svg.append(svgEl("title", {}, "Kooperationsnetzwerk – " + window.netzwerk.caption()),
      svgEl("rect", { x: 0, y: 0, width: shown.width, height: total, fill: "#ffffff" }),
      svgEl("text", { x: PAD, y: PAD + 16, "font-size": 18, "font-weight": 700 }, "Kooperationsnetzwerk"),
      svgEl("text", { x: PAD, y: PAD + TITLE + 12, "font-size": 13 }, window.netzwerk.caption()));
    const drawing = networkSvg(shown);
    drawing.setAttribute("y", head);
    svg.append(drawing, svgEl("rect", { x: 0.5, y: head + 0.5, width: shown.width - 1, height: shown.height - 1,
      fill: "none", stroke: "#d8dee6" }));
    svgLegend(svg, shown.width, head + shown.height + LINE + 4);
    svg.append(svgEl("text", { x: PAD, y: total - PAD + 4, "font-size": 11, fill: "#5b6776" }, sourceLine()));
    const text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
    download(new Blob([text], { type: "image/svg+xml" }), "koopgraph-netzwerk.svg");
  }

  // --- GraphML of what is on screen ---------------------------------------------------------------

  async function exportGraphml() {
    const shown = onScreen();
    const body = new URLSearchParams();
    shown.nodes.forEach((n) => body.append("knoten", n.id));
    shown.edges.forEach((e) => body.append("kante", e.id));
    const response = await fetch("/netzwerk.graphml", { method: "POST", body });
    if (!response.ok) { setStatus("GraphML: Fehler " + response.status, true); return; }
    download(await response.blob(), "koopgraph-netzwerk-ausschnitt.graphml");
    setStatus("GraphML: " + shown.nodes.length + " Knoten und " + shown.edges.length + " Kanten des Ausschnitts");
  }

  document.addEventListener("netzwerk:ansicht", (event) => { legend = event.detail.legend; });
  $("export-png").addEventListener("click", exportPng);
  $("export-svg").addEventListener("click", exportSvg);
  $("export-graphml").addEventListener("click", exportGraphml);
}());
