/* Shared by every page, which reads fully without it: tables of class "sortable" sort by a
   column when its heading is pressed, and a page with verdict filters counts what it shows. */
(function () {
  "use strict";

  // A cell sorts by its data-sort value when it has one (a rank, a position), else its text.
  function key(cell) {
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent.trim() : value;
  }

  function compare(x, y) {
    var nx = Number(x), ny = Number(y);
    if (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) { return nx - ny; }
    return x.localeCompare(y, undefined, {numeric: true});
  }

  function sortBy(table, heading, column) {
    var body = table.tBodies[0];
    var up = heading.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = compare(key(a.cells[column]), key(b.cells[column]));
      return up ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    heading.setAttribute("aria-sort", up ? "ascending" : "descending");
  }

  // The headings become buttons only here: without the script there is nothing to press.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (heading.firstChild) { button.appendChild(heading.firstChild); }
      heading.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, heading, column); });
    });
  });

  // The filters work without script (CSS :target); this says how many rows the one chosen
  // shows, and marks its link as the current one.
  var shown = document.getElementById("shown");
  if (!shown) { return; }
  function showFilter() {
    var wanted = location.hash.indexOf("#show-") === 0 ? location.hash.slice(6) : "all";
    var rows = document.querySelectorAll("table.filtered tbody tr"), count = 0;
    rows.forEach(function (row) {
      if (wanted === "all" || row.classList.contains("s-" + wanted)) { count++; }
    });
    document.querySelectorAll(".filters a").forEach(function (link) {
      if (link.getAttribute("href") === "#show-" + wanted) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
    shown.textContent = "Showing " + count + " of " + rows.length + " " +
      shown.getAttribute("data-noun") + ".";
  }
  window.addEventListener("hashchange", showFilter);
  showFilter();
}());
