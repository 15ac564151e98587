// Adds a "copy" button beside the story key. The key never leaves the page.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.querySelector("[data-copy-source]");
    var button = document.querySelector("[data-copy-button]");
    var status = document.querySelector("[data-copy-status]");
    if (!source || !button || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        status.textContent = button.getAttribute("data-copied") || "Copied.";
      }, function () {
        source.select();
      });
    });
  });
})();
