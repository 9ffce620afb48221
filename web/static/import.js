// /import: drag a file onto the drop zone to choose it (the form works without this script too).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("datei");
  if (!zone || !input) return;
  const mark = (on) => zone.classList.toggle("dragover", on);
  zone.addEventListener("dragover", (event) => { event.preventDefault(); mark(true); });
  zone.addEventListener("dragleave", () => mark(false));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    mark(false);
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      const label = zone.querySelector("p");
      if (label) label.textContent = "Gewählt: " + input.files[0].name;
    }
  });
});
