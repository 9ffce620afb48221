/* On every page: on narrow screens the main navigation folds behind a "Menü" button (without
 * JavaScript it stays open and wraps). */
(function () {
  "use strict";
  const button = document.getElementById("menu-knopf");
  const nav = document.getElementById("hauptnavigation");
  if (!button || !nav) return;
  const narrow = window.matchMedia("(max-width: 760px)");
  function fold(closed) {
    nav.classList.toggle("zu", closed);
    button.setAttribute("aria-expanded", String(!closed));
  }
  button.hidden = false;
  fold(narrow.matches);
  narrow.addEventListener("change", () => fold(narrow.matches));
  button.addEventListener("click", () => fold(!nav.classList.contains("zu")));
}());
