/* The small network around a resource on its page; labels and tooltips stay plain text. */
(function () {
  "use strict";
  const box = document.getElementById("ego-network");
  if (!box) return;
  fetch(box.dataset.src, { headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.statusText))))
    .then((data) => {
      const nodes = new vis.DataSet(data.nodes);
      const edges = new vis.DataSet(data.edges);
      const options = Object.assign({}, data.options, { physics: { enabled: true, solver: "forceAtlas2Based",
        stabilization: { iterations: 150 } } });
      const network = new vis.Network(box, { nodes: nodes, edges: edges }, options);
      network.once("stabilized", () => {
        network.fit({ animation: false });
        network.moveTo({ scale: network.getScale() * 0.8 });   // room for the labels at the edges
      });
      network.on("doubleClick", (params) => {
        if (params.nodes.length) window.location.href = nodes.get(params.nodes[0]).href;
      });
      box.title = "Doppelklick auf einen Knoten öffnet seine Seite";
    })
    .catch((error) => { box.textContent = "Netzwerk nicht verfügbar: " + error.message; });
}());
