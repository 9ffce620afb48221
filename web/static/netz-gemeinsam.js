/* Helpers shared by netzwerk.js and netzwerk-gross.js (loaded before both). */
window.koopgraphNetz = (function () {
  "use strict";

  // An element with its text set as text (never as HTML) and a class.
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function setStatus(text, isError) {
    const status = document.getElementById("netz-status");
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.message || response.statusText);
    return data;
  }

  return { el, setStatus, getJson };
})();
