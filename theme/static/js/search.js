/* Start Pagefind's search UI in the theme's colours, without result images.
   The query comes from ?q= (the header's search box) and is kept in the address
   as it changes, so Back returns to the same results. */
(function () {
  var params = new URLSearchParams(window.location.search);
  var ui = new PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: !params.get("q"),
    processTerm: function (term) {
      var url = new URL(window.location.href);
      if (term) { url.searchParams.set("q", term); } else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url);
      return term;
    }
  });
  var query = params.get("q");
  if (query) { ui.triggerSearch(query); }
})();
