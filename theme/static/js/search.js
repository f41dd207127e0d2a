/* Start Pagefind's search UI; run the query from the header search box (?q=). */
(function () {
  var ui = new PagefindUI({ element: "#search", showSubResults: true, resetStyles: false });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { ui.triggerSearch(query); }
})();
