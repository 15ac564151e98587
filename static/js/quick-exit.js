// Quick exit: leave for a neutral site without leaving this page in history.
// Records nothing. Without JavaScript the button is a plain link.
(function () {
  "use strict";
  var lastEscape = 0;
  function leave(event) {
    var link = document.getElementById("quick-exit");
    var url = (link && link.getAttribute("href")) || "https://www.bbc.com/weather";
    if (event) { event.preventDefault(); }
    document.body.style.visibility = "hidden";
    window.location.replace(url);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var link = document.getElementById("quick-exit");
    if (link) { link.addEventListener("click", leave); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    // Escape while typing closes menus and cancels input; it must never leave the page.
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { lastEscape = 0; return; }
    var now = Date.now();
    if (now - lastEscape < 1500) { leave(event); }
    lastEscape = now;
  });
})();
