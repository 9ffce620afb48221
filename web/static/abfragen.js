/* koopgraph workbench: YASGUI against this server's /sparql.
 *
 * Everything comes from this server: the dataset's prefixes (instead of prefix.cc),
 * autocompletion of its classes and properties (instead of Linked Open Vocabularies),
 * the vendored result views. Adds downloads (CSV, TSV, JSON, Turtle), a permalink
 * and the server's note when the row cap cut a result.
 */
(function () {
  "use strict";

  var root = document.getElementById("yasgui");
  if (!root || !window.Yasgui) return;
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).href;
  var note = document.getElementById("abfrage-hinweis");
  var DOWNLOADS = {
    csv: { SELECT: "text/csv", suffix: "csv" },
    tsv: { SELECT: "text/tab-separated-values", suffix: "tsv" },
    json: { SELECT: "application/sparql-results+json", ASK: "application/sparql-results+json",
            CONSTRUCT: "application/ld+json", DESCRIBE: "application/ld+json", suffix: "json" },
    turtle: { CONSTRUCT: "text/turtle", DESCRIBE: "text/turtle", suffix: "ttl" }
  };

  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  function showNote(text) {
    note.textContent = text;
    note.hidden = !text;
  }

  var vocabulary = null;
  function vocabularyTerms(kind) {
    return function (yasqe, token) {
      vocabulary = vocabulary || getJson(root.getAttribute("data-vocabulary"));
      var start = token && (token.autocompletionString || token.string) || "";
      return vocabulary.then(function (terms) {
        return terms[kind].filter(function (iri) { return iri.indexOf(start) === 0; });
      });
    };
  }

  function prologue(prefixes) {
    return Object.keys(prefixes).map(function (p) { return "PREFIX " + p + ": <" + prefixes[p] + ">"; }).join("\n");
  }

  function configure(prefixes) {
    var Yasqe = Yasgui.Yasqe, Yasr = Yasgui.Yasr, plugins = window.koopgraphPlugins;
    Yasqe.defaults.prefixCcApi = root.getAttribute("data-prefixes");
    Yasqe.forkAutocompleter("class", { name: "kg-class", get: vocabularyTerms("classes") });
    Yasqe.forkAutocompleter("property", { name: "kg-property", get: vocabularyTerms("properties") });
    Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(function (name) {
      return name !== "class" && name !== "property";  // these ask an outside service
    });
    Yasqe.defaults.value = prologue(prefixes) + "\n\n" + root.getAttribute("data-example");
    Yasqe.defaults.collapsePrefixesOnLoad = true;
    Yasr.registerPlugin("pivot", plugins.Pivot);
    Yasr.registerPlugin("diagramm", plugins.Diagramm);
    Yasr.registerPlugin("netzwerk", plugins.Netzwerk);
    Yasr.defaults.pluginOrder = ["table", "pivot", "diagramm", "netzwerk", "response"];
    Yasr.defaults.prefixes = prefixes;
  }

  function currentQuery(yasgui) {
    var yasqe = yasgui.getTab().getYasqe();
    return { text: yasqe.getValue(), form: yasqe.getQueryType() };
  }

  function download(yasgui, kind) {
    var query = currentQuery(yasgui), media = DOWNLOADS[kind][query.form];
    if (!media) {
      showNote(kind.toUpperCase() + " gibt es für " + query.form + "-Abfragen nicht: CSV und TSV für SELECT, Turtle für CONSTRUCT/DESCRIBE, JSON für alle.");
      return;
    }
    fetch(endpoint, { method: "POST", body: new URLSearchParams({ query: query.text }),
                      headers: { Accept: media } }).then(function (response) {
      if (!response.ok) return response.text().then(function (text) { throw new Error(text); });
      return response.blob();
    }).then(function (blob) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "abfrage." + DOWNLOADS[kind].suffix;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    }).catch(function (error) { showNote("Herunterladen fehlgeschlagen: " + error.message); });
  }

  function permalink(yasgui) {
    var url = new URL("/abfragen", window.location.href);
    url.hash = new URLSearchParams({ query: currentQuery(yasgui).text }).toString();
    var field = document.getElementById("permalink");
    field.value = url.href;
    field.hidden = false;
    field.select();
    if (navigator.clipboard) navigator.clipboard.writeText(url.href).catch(function () {});
  }

  /* The server says in a header when the row cap cut a result. */
  function watchResponses(yasgui) {
    var watched = new WeakSet();
    yasgui.on("query", function (instance, tab) {
      var yasqe = tab.getYasqe();
      showNote("");
      if (watched.has(yasqe)) return;
      watched.add(yasqe);
      yasqe.on("queryResponse", function (editor, response) {
        var cap = response && response.headers && response.headers.get ? response.headers.get("X-Koopgraph-Row-Cap") : null;
        if (cap) showNote("Das Ergebnis wurde nach " + cap + " Zeilen abgeschnitten (Zeilenlimit des Servers). " +
                          "Mit LIMIT und OFFSET lässt es sich seitenweise abfragen.");
      });
    });
  }

  function start(prefixes) {
    configure(prefixes);
    var yasgui = new Yasgui(root, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
      copyEndpointOnNewTab: true,
      persistenceId: "koopgraph-abfragen"
    });
    window.koopgraphYasgui = yasgui;
    watchResponses(yasgui);
    document.querySelectorAll("[data-download]").forEach(function (button) {
      button.addEventListener("click", function () { download(yasgui, button.getAttribute("data-download")); });
    });
    document.getElementById("permalink-knopf").addEventListener("click", function () { permalink(yasgui); });
  }

  getJson(root.getAttribute("data-prefixes")).then(start).catch(function (error) {
    showNote("Der Editor konnte nicht starten: " + error.message);
  });
})();
