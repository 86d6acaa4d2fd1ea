/* Optional comfort for the check form: dropping files on the box, listing the chosen
   files, and saying that a check is running. The form works the same without it. */
(function () {
  "use strict";
  var form = document.querySelector("form.check");
  if (!form) { return; }
  var zone = form.querySelector(".drop");
  var input = form.querySelector("input[type=file]");
  var list = form.querySelector(".chosen");
  var button = form.querySelector("button[type=submit]");
  var status = form.querySelector(".busy");

  function size(bytes) {
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1) + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " kB";
  }

  function show() {
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " (" + size(file.size) + ")";
      list.appendChild(item);
    });
  }

  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("over");
    });
  });
  ["dragleave", "dragend"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("over");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      show();
    }
  });
  form.addEventListener("submit", function () {
    button.disabled = true;
    button.textContent = "Checking\u2026";
    status.textContent = "Checking the files; the results will replace this page.";
  });
  // Coming back to the page from the history must give a usable button again.
  window.addEventListener("pageshow", function () {
    button.disabled = false;
    button.textContent = "Check";
    status.textContent = "";
  });
  show();
}());
