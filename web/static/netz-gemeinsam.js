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

  // 503 with Retry-After: the server is still computing the network after a start or a change of the
  // data ("wird berechnet"); say so and ask again after the time it names, up to ~5 minutes.
  const MOST_RETRIES = 60;

  function pause(seconds) {
    return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }

  async function getJson(url) {
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const data = await response.json().catch(() => ({}));
      const retryAfter = parseInt(response.headers.get("Retry-After") || "", 10);
      if (response.status === 503 && retryAfter > 0 && attempt < MOST_RETRIES) {
        setStatus((data.message || "Wird berechnet.") + " Neuer Versuch in " + retryAfter + " s …");
        await pause(retryAfter);
        continue;
      }
      if (!response.ok) throw new Error(data.message || response.statusText);
      return data;
    }
  }

  return { el, setStatus, getJson };
})();
