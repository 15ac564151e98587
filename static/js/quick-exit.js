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
    // On staff pages Escape while typing closes overlays and cancels input: it never leaves the page
    // there (the link says so). On public pages a survivor writing her story when someone walks in
    // must still be able to leave with Escape twice, from inside the text field too.
    var link = document.getElementById("quick-exit");
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing && link && link.getAttribute("data-escape-in-fields") === "ignore") { lastEscape = 0; return; }
    var now = Date.now();
    if (now - lastEscape < 1500) { leave(event); }
    lastEscape = now;
  });
})();
