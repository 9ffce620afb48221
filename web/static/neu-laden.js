/* An error page with Retry-After (503 "wird berechnet" after a start): count down, then load the page
 * again, until the server has what it was computing. Without JavaScript the page says to reload by hand. */
(function () {
  "use strict";
  const note = document.getElementById("neu-laden");
  if (!note) return;
  let seconds = parseInt(note.dataset.sekunden, 10);
  if (!(seconds > 0)) return;
  const tick = setInterval(function () {
    seconds -= 1;
    if (seconds > 0) {
      note.textContent = "Die Seite lädt sich in " + seconds + " s neu.";
      return;
    }
    clearInterval(tick);
    note.textContent = "Die Seite wird neu geladen …";
    window.location.reload();
  }, 1000);
}());
