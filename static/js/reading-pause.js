// Readers' wellbeing: counts the stories opened in this visit, in this
// browser tab's sessionStorage only (nothing is sent anywhere), and after
// data-pause-after of them offers a gentle pause with support resources.
(function () {
  "use strict";
  var COUNT = "chorus.storiesOpened";
  var SEEN = "chorus.pauseShownAt";
  var counted = {};

  function read(key) {
    try { return parseInt(window.sessionStorage.getItem(key) || "0", 10) || 0; } catch (e) { return 0; }
  }
  function write(key, value) {
    try { window.sessionStorage.setItem(key, String(value)); } catch (e) { /* Storage off: no pause, no harm. */ }
  }

  function maybePause(pause) {
    var after = parseInt(pause.getAttribute("data-pause-after"), 10) || 15;
    var opened = read(COUNT);
    if (opened >= read(SEEN) + after) {
      pause.hidden = false;
      write(SEEN, opened);
      pause.focus();
    }
  }

  function opened(id, pause) {
    if (id && counted[id]) { return; }
    if (id) { counted[id] = true; }
    write(COUNT, read(COUNT) + 1);
    maybePause(pause);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var pause = document.querySelector("[data-reading-pause]");
    if (!pause) { return; }
    var dismiss = pause.querySelector("[data-reading-pause-dismiss]");
    if (dismiss) { dismiss.addEventListener("click", function () { pause.hidden = true; }); }
    var page = document.querySelector("[data-story-opened]");
    if (page) { opened(page.getAttribute("data-story-opened"), pause); }
    var folded = document.querySelectorAll("details[data-story-open]");
    for (var i = 0; i < folded.length; i++) {
      folded[i].addEventListener("toggle", function (event) {
        if (event.target.open && !event.target.hasAttribute("data-counted")) {
          event.target.setAttribute("data-counted", "");
          opened(null, pause);
        }
      });
    }
  });
})();
