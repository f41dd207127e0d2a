/* A "Copy" button beside each address marked data-copy. Without JavaScript (or a
   clipboard) the address is still there as plain text to select and copy. */
(function () {
  if (!navigator.clipboard) { return; }
  var status = document.createElement("p");
  status.className = "copy-status";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  document.querySelectorAll("[data-copy]").forEach(function (address) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy " + address.getAttribute("data-copy"));
    button.addEventListener("click", function () {
      var text = address.textContent.trim();
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = "Copied";
        status.textContent = "Copied " + text;
        window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
      }, function () {
        window.getSelection().selectAllChildren(address);
        status.textContent = "Press Ctrl+C (or Cmd+C) to copy the selected address";
      });
    });
    address.insertAdjacentElement("afterend", button);
  });
})();
