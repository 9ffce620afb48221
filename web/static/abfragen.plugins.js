/* koopgraph workbench: YASR result views "Netzwerk", "Pivot" and "Diagramm".
 *
 * Netzwerk draws a CONSTRUCT result, or a SELECT with ?s ?p ?o, with the vendored
 * vis-network; Pivot hands the rows to the vendored PivotTable.js; Diagramm draws
 * a numeric column with the vendored Chart.js. Labels are drawn as text (canvas or
 * textContent), never as HTML.
 */
(function () {
  "use strict";

  var RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
  var SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel";
  var RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
  var PALETTE = ["#1f5f99", "#c0392b", "#2e8b57", "#8e44ad", "#d4860b", "#16a085", "#7f8c8d", "#b03a74"];
  var NUMERIC = /#(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger)$/;

  var SVG = "http://www.w3.org/2000/svg";
  var ICONS = {  // 16x16 outlines: three linked dots, a grid, bars
    netzwerk: [["circle", { cx: 3, cy: 12, r: 2 }], ["circle", { cx: 13, cy: 12, r: 2 }], ["circle", { cx: 8, cy: 3, r: 2 }],
               ["path", { d: "M4 10.5 7 4.7M12 10.5 9 4.7M5 12h6" }]],
    pivot: [["path", { d: "M1.5 1.5h13v13h-13zM1.5 5.5h13M5.5 1.5v13" }]],
    diagramm: [["path", { d: "M2 14h12M3.5 13V8M7 13V3.5M10.5 13V6.5" }]]
  };

  function icon(name) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("class", "kg-plugin-icon");
    ICONS[name].forEach(function (shape) {
      var el = document.createElementNS(SVG, shape[0]);
      Object.keys(shape[1]).forEach(function (key) { el.setAttribute(key, shape[1][key]); });
      svg.appendChild(el);
    });
    var wrapper = document.createElement("span");
    wrapper.appendChild(svg);
    return wrapper;
  }

  function tabular(yasr) {
    var results = yasr.results;
    if (!results || !results.getBindings) return null;
    var bindings = results.getBindings();
    var vars = results.getVariables();
    return bindings && vars && vars.length ? { vars: vars, bindings: bindings } : null;
  }

  function shortName(yasr, term) {
    if (!term) return "";
    if (term.type !== "uri") return term.value;
    var prefixes = yasr.getPrefixes ? yasr.getPrefixes() : {};
    for (var prefix in prefixes) {
      var iri = prefixes[prefix];
      if (iri && term.value.indexOf(iri) === 0 && term.value.length > iri.length) {
        return prefix + ":" + term.value.substring(iri.length);
      }
    }
    var cut = Math.max(term.value.lastIndexOf("#"), term.value.lastIndexOf("/"));
    return cut >= 0 && cut < term.value.length - 1 ? term.value.substring(cut + 1) : term.value;
  }

  /* ---------------------------------------------------------------- Netzwerk */

  function tripleColumns(vars) {
    var names = [["s", "p", "o"], ["subject", "predicate", "object"]];
    for (var i = 0; i < names.length; i++) {
      if (names[i].every(function (v) { return vars.indexOf(v) >= 0; })) return names[i];
    }
    return null;
  }

  function nodeKey(term) {
    return (term.type === "bnode" ? "_:" : "") + term.value;
  }

  function tooltip(lines) {
    var el = document.createElement("div");
    el.className = "kg-tooltip";
    lines.forEach(function (line) {
      var row = document.createElement("div");
      row.textContent = line;
      el.appendChild(row);
    });
    return el;
  }

  /* Nodes are IRIs and blank nodes; literals become tooltip lines of their subject. */
  function networkData(yasr, rows, columns) {
    var nodes = {}, edges = [], typeColour = {};
    function node(term) {
      var key = nodeKey(term);
      if (!nodes[key]) nodes[key] = { id: key, label: shortName(yasr, term), lines: [term.value], type: null };
      return nodes[key];
    }
    rows.forEach(function (row) {
      var s = row[columns[0]], p = row[columns[1]], o = row[columns[2]];
      if (!s || !p || !o) return;
      var subject = node(s);
      if (o.type === "literal" || o.type === "typed-literal") {
        if (p.value === RDFS_LABEL || p.value === SKOS_PREF_LABEL) subject.label = o.value;
        subject.lines.push(shortName(yasr, p) + ": " + o.value);
        return;
      }
      if (p.value === RDF_TYPE) {
        subject.type = shortName(yasr, o);
        subject.lines.push("Typ: " + subject.type);
        return;
      }
      node(o);
      edges.push({ from: subject.id, to: nodeKey(o), label: shortName(yasr, p), arrows: "to" });
    });
    var list = Object.keys(nodes).map(function (key) {
      var n = nodes[key];
      if (n.type && !(n.type in typeColour)) typeColour[n.type] = PALETTE[Object.keys(typeColour).length % PALETTE.length];
      return { id: n.id, label: n.label, title: tooltip(n.lines), color: n.type ? typeColour[n.type] : "#95a5a6" };
    });
    return { nodes: list, edges: edges, legend: typeColour };
  }

  function legendElement(legend) {
    var el = document.createElement("div");
    el.className = "kg-legend";
    Object.keys(legend).forEach(function (type) {
      var item = document.createElement("span");
      var swatch = document.createElement("i");
      swatch.style.background = legend[type];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(type));
      el.appendChild(item);
    });
    return el;
  }

  function Netzwerk(yasr) {
    this.yasr = yasr;
    this.label = "Netzwerk";
    this.priority = 4;
    this.helpReference = "/abfragen#netzwerk";
  }
  Netzwerk.prototype.canHandleResults = function () {
    var results = this.yasr.results;
    if (!results || !results.getVariables || !window.vis) return false;
    return !!tripleColumns(results.getVariables() || []) && (results.getBindings() || []).length > 0;
  };
  Netzwerk.prototype.getIcon = function () { return icon("netzwerk"); };
  Netzwerk.prototype.draw = function () {
    var results = this.yasr.results;
    var data = networkData(this.yasr, results.getBindings(), tripleColumns(results.getVariables()));
    var wrapper = document.createElement("div");
    wrapper.className = "kg-netzwerk-view";
    wrapper.appendChild(legendElement(data.legend));
    var canvas = document.createElement("div");
    canvas.className = "kg-netzwerk";
    canvas.setAttribute("data-nodes", String(data.nodes.length));
    canvas.setAttribute("data-edges", String(data.edges.length));
    wrapper.appendChild(canvas);
    this.yasr.resultsEl.appendChild(wrapper);
    this.network = new vis.Network(canvas, { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) }, {
      nodes: { shape: "dot", size: 12, font: { size: 13, face: "system-ui, sans-serif" } },
      edges: { font: { size: 10, align: "middle", color: "#5b6776" }, color: { color: "#9aa7b5" }, smooth: { type: "dynamic" } },
      physics: { stabilization: { iterations: 200 }, barnesHut: { springLength: 140 } },
      interaction: { hover: true, tooltipDelay: 150 }
    });
  };
  Netzwerk.prototype.destroy = function () {
    if (this.network) this.network.destroy();
    this.network = null;
  };

  /* ------------------------------------------------------------------- Pivot */

  function plainRows(yasr, table) {
    return table.bindings.map(function (binding) {
      var row = {};
      table.vars.forEach(function (v) {
        var term = binding[v];
        row[v] = !term ? "" : (NUMERIC.test(term.datatype || "") ? Number(term.value) : shortName(yasr, term));
      });
      return row;
    });
  }

  function Pivot(yasr) {
    this.yasr = yasr;
    this.label = "Pivot";
    this.priority = 6;
  }
  Pivot.prototype.canHandleResults = function () { return !!(window.jQuery && jQuery.fn.pivotUI && tabular(this.yasr)); };
  Pivot.prototype.getIcon = function () { return icon("pivot"); };
  Pivot.prototype.draw = function () {
    var table = tabular(this.yasr);
    var el = document.createElement("div");
    el.className = "kg-pivot";
    this.yasr.resultsEl.appendChild(el);
    var german = jQuery.pivotUtilities.locales && jQuery.pivotUtilities.locales.de;
    jQuery(el).pivotUI(plainRows(this.yasr, table), {
      rows: [table.vars[0]],
      cols: table.vars.length > 2 ? [table.vars[1]] : [],
      renderers: german ? german.renderers : jQuery.pivotUtilities.renderers
    }, true, german ? "de" : "en");
  };

  /* ---------------------------------------------------------------- Diagramm */

  function numericColumns(table) {
    return table.vars.filter(function (v) {
      return table.bindings.length > 0 && table.bindings.every(function (b) {
        return !b[v] || NUMERIC.test(b[v].datatype || "") || (b[v].value !== "" && !isNaN(Number(b[v].value)));
      }) && table.bindings.some(function (b) { return b[v]; });
    });
  }

  function choice(labelText, options, selected) {
    var label = document.createElement("label");
    label.textContent = labelText + " ";
    var select = document.createElement("select");
    options.forEach(function (option) {
      var el = document.createElement("option");
      el.value = option[0];
      el.textContent = option[1];
      if (option[0] === selected) el.selected = true;
      select.appendChild(el);
    });
    label.appendChild(select);
    return { label: label, select: select };
  }

  function Diagramm(yasr) {
    this.yasr = yasr;
    this.label = "Diagramm";
    this.priority = 5;
  }
  Diagramm.prototype.canHandleResults = function () {
    var table = tabular(this.yasr);
    return !!(window.Chart && table && numericColumns(table).length);
  };
  Diagramm.prototype.getIcon = function () { return icon("diagramm"); };
  Diagramm.prototype.draw = function () {
    var self = this, table = tabular(this.yasr), numbers = numericColumns(table);
    var others = table.vars.filter(function (v) { return numbers.indexOf(v) < 0; });
    var wrapper = document.createElement("div");
    wrapper.className = "kg-diagramm";
    var controls = document.createElement("div");
    controls.className = "kg-diagramm-controls";
    var labelChoice = choice("Beschriftung", table.vars.map(function (v) { return [v, "?" + v]; }), others[0] || table.vars[0]);
    var valueChoice = choice("Wert", numbers.map(function (v) { return [v, "?" + v]; }), numbers[0]);
    var kindChoice = choice("Art", [["bar", "Balken"], ["line", "Linie"], ["pie", "Kreis"]], "bar");
    [labelChoice, valueChoice, kindChoice].forEach(function (c) { controls.appendChild(c.label); });
    var canvas = document.createElement("canvas");
    wrapper.appendChild(controls);
    wrapper.appendChild(canvas);
    this.yasr.resultsEl.appendChild(wrapper);
    function render() {
      if (self.chart) self.chart.destroy();
      var labels = table.bindings.map(function (b) { return shortName(self.yasr, b[labelChoice.select.value]); });
      var values = table.bindings.map(function (b) { var t = b[valueChoice.select.value]; return t ? Number(t.value) : null; });
      var kind = kindChoice.select.value;
      self.chart = new Chart(canvas, {
        type: kind,
        data: { labels: labels, datasets: [{ label: "?" + valueChoice.select.value, data: values,
          backgroundColor: kind === "pie" ? PALETTE : PALETTE[0], borderColor: PALETTE[0] }] },
        options: { animation: false, responsive: true, plugins: { legend: { display: kind === "pie" } } }
      });
    }
    [labelChoice, valueChoice, kindChoice].forEach(function (c) { c.select.addEventListener("change", render); });
    render();
  };
  Diagramm.prototype.destroy = function () {
    if (this.chart) this.chart.destroy();
    this.chart = null;
  };

  window.koopgraphPlugins = { Netzwerk: Netzwerk, Pivot: Pivot, Diagramm: Diagramm, networkData: networkData };
})();
