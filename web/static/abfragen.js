/* koopgraph workbench: YASGUI against this server's /sparql.
 *
 * Everything comes from this server: the dataset's prefixes (instead of prefix.cc),
 * autocompletion of its classes and properties (instead of Linked Open Vocabularies) and of
 * its resources by German name, the vendored result views. Adds downloads (CSV, TSV, JSON,
 * Turtle) with their own row cap, a permalink, the server's note when the row cap cut a
 * result, and the place of a syntax error marked in the editor.
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

  /* The editor starts with the main prefixes; typing another one the data use (land:, fall: …) adds its
   * PREFIX line (YASQE's prefix completion reads them from this server). */
  var START_PREFIXES = ["kg", "rdf", "rdfs", "xsd", "skos", "land", "kreis", "gemeinde"];
  function prologue(prefixes) {
    return START_PREFIXES.filter(function (p) { return prefixes[p]; })
      .map(function (p) { return "PREFIX " + p + ": <" + prefixes[p] + ">"; }).join("\n");
  }

  /* Autocompletion by German name: "Aulend" + Ctrl-Space (or typing on) offers gemeinde:084360008008 and
   * adds its PREFIX line when chosen. Only words that start like a name (a capital, then small letters). */
  function nameCompleter(root) {
    var url = root.getAttribute("data-names");
    return {
      name: "kg-name", bulk: false, autoShow: true, persistenceId: null,
      isValidCompletionPosition: function (yasqe) {
        var token = yasqe.getCompleteToken();
        return /^[A-ZÄÖÜ][a-zäöüß][\wäöüßÄÖÜ-]+$/.test(token.string || "");
      },
      get: function (yasqe, token) {
        return fetch(url + "?q=" + encodeURIComponent(token.string), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { names: [] }; })
          .then(function (found) {
            yasqe.kgNames = found;
            return found.names.map(function (n) { return n.curie || "<" + n.iri + ">"; });
          });
      },
      postprocessHints: function (yasqe, hints) {
        var found = yasqe.kgNames || { names: [], prefixes: {} };
        return hints.map(function (hint, i) {
          var name = found.names[i];
          if (!name) return hint;
          hint.displayText = name.label + " — " + hint.text;
          hint.hint = function (editor, data, completion) {
            editor.replaceRange(completion.text, completion.from || data.from, completion.to || data.to);
            if (name.prefix) {
              var declared = {};
              declared[name.prefix] = found.prefixes[name.prefix];
              editor.addPrefixes(declared);
            }
          };
          return hint;
        });
      }
    };
  }

  function configure(prefixes) {
    var Yasqe = Yasgui.Yasqe, Yasr = Yasgui.Yasr, plugins = window.koopgraphPlugins;
    Yasqe.defaults.prefixCcApi = root.getAttribute("data-prefixes");
    Yasqe.forkAutocompleter("class", { name: "kg-class", get: vocabularyTerms("classes") });
    Yasqe.forkAutocompleter("property", { name: "kg-property", get: vocabularyTerms("properties") });
    Yasqe.registerAutocompleter(nameCompleter(root));
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

  /* A download asks the server for the file (format=…&download=1): its own, larger row cap, and when even
   * that cuts the answer, the file name and the first line say so (the server writes both). */
  function download(yasgui, kind) {
    var query = currentQuery(yasgui), media = DOWNLOADS[kind][query.form];
    if (!media) {
      showNote(kind.toUpperCase() + " gibt es für " + query.form + "-Abfragen nicht: CSV und TSV für SELECT, Turtle für CONSTRUCT/DESCRIBE, JSON für alle.");
      return;
    }
    var body = new URLSearchParams({ query: query.text, format: kind, download: "1" });
    fetch(endpoint, { method: "POST", body: body, headers: { Accept: media } }).then(function (response) {
      if (!response.ok) return response.text().then(function (text) { throw new Error(text); });
      var disposition = response.headers.get("Content-Disposition") || "";
      var named = /filename="([^"]+)"/.exec(disposition);
      var cap = response.headers.get("X-Koopgraph-Row-Cap");
      if (cap) showNote("Der Download wurde nach " + cap + " Zeilen abgeschnitten (Download-Limit des Servers); " +
                        "Dateiname und erste Zeile sagen es.");
      return response.blob().then(function (blob) {
        return { blob: blob, name: named ? named[1] : "abfrage." + DOWNLOADS[kind].suffix };
      });
    }).then(function (file) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(file.blob);
      link.download = file.name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    }).catch(function (error) { showNote("Herunterladen fehlgeschlagen: " + error.message); });
  }

  /* The server names the place of a syntax error ("Zeile 3, Spalte 5: …"): mark it in the editor. */
  var errorMarks = [];
  function clearErrorMarks() {
    errorMarks.forEach(function (mark) { mark.clear(); });
    errorMarks = [];
  }
  function markError(yasqe, message) {
    var found = /Zeile (\d+)(?:, Spalte (\d+))?: (.*?)(?: \/ line \d+.*)?$/.exec(String(message).split("\n")[0]);
    if (!found) return;
    var line = Number(found[1]) - 1, ch = found[2] ? Number(found[2]) - 1 : 0;
    var text = yasqe.getLine(line);
    if (text === undefined) return;
    var word = /^\S*/.exec(text.slice(ch))[0];
    errorMarks.push(yasqe.markText({ line: line, ch: ch }, { line: line, ch: ch + Math.max(word.length, 1) },
                                   { className: "abfrage-fehlerstelle", title: found[3] }));
    var box = document.createElement("div");
    box.className = "abfrage-fehler";
    box.setAttribute("role", "alert");
    box.textContent = "Zeile " + found[1] + (found[2] ? ", Spalte " + found[2] : "") + ": " + found[3];
    errorMarks.push(yasqe.addLineWidget(line, box, { coverGutter: false, noHScroll: true }));
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
      yasqe.on("change", clearErrorMarks);
      yasqe.on("queryResponse", function (editor, response) {
        clearErrorMarks();
        if (response instanceof Error) markError(editor, response.message.replace(/^\d{3} [^:]*: /, ""));
        var cap = response && response.headers && response.headers.get ? response.headers.get("X-Koopgraph-Row-Cap") : null;
        if (cap) showNote("Das Ergebnis wurde nach " + cap + " Zeilen abgeschnitten (Zeilenlimit des Servers). " +
                          "Mit LIMIT und OFFSET lässt es sich seitenweise abfragen.");
      });
    });
  }

  function start(prefixes) {
    configure(prefixes);
    window.koopgraphYasguiDeutsch.watch(root);   // before YASGUI draws: its words come out German
    var yasgui = new Yasgui(root, {
      tabName: "Abfrage",
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
