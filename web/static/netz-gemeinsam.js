/* Helpers shared by netzwerk.js and netzwerk-gross.js (loaded before both). */
window.koopgraphNetz = (function () {
  "use strict";

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

  return { setStatus, getJson };
})();
