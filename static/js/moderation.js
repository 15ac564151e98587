// Moderation pages: keyboard shortcuts, redacting a selection, the hold timer and heartbeat.
// Self-hosted, no inline script (strict CSP). Every action is also reachable without JavaScript:
// this file only saves clicks and keeps a hold alive while the moderator works.
(function () {
  "use strict";

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  function csrfToken() {
    var input = $("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, fields, accept) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    Object.keys(fields || {}).forEach(function (key) { body.append(key, fields[key]); });
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": accept || "application/json", "X-CSRFToken": csrfToken() },
    });
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // --- The shortcut overlay -------------------------------------------------------------
  var overlay, lastFocus;
  function showOverlay() {
    lastFocus = document.activeElement;
    overlay.hidden = false;
    $("#shortcut-close").focus();
  }
  function hideOverlay() {
    overlay.hidden = true;
    if (lastFocus && lastFocus.focus) { lastFocus.focus(); }
  }

  // --- Queue page -----------------------------------------------------------------------
  function queueItems() { return $all(".queue-item"); }
  function moveInQueue(step) {
    var items = queueItems();
    if (!items.length) { return; }
    var current = items.indexOf(document.activeElement.closest ? document.activeElement.closest(".queue-item") : null);
    var next = Math.max(0, Math.min(items.length - 1, current + step));
    items[next].focus();
  }
  function openFocused() {
    var item = document.activeElement.closest ? document.activeElement.closest(".queue-item") : null;
    var button = item && $("[data-open]", item);
    if (button) { button.click(); return true; }
    return false;
  }

  // --- Review page: the story text ---------------------------------------------------------
  function reveal() { return $("#story-reveal"); }
  function focusStory() {
    var details = reveal();
    if (!details) { return; }
    if (details.open) { $("#story-text").focus(); } else { $("#story-toggle").focus(); }
  }
  function toggleStory() {
    var details = reveal();
    if (!details) { return; }
    details.open = !details.open;
    focusStory();
  }
  function highlights() { return $all("#story-text button.signal"); }
  function nextHighlight() {
    var list = highlights();
    if (!list.length) { return; }
    var details = reveal();
    if (details && !details.open) { details.open = true; }
    var index = list.indexOf(document.activeElement);
    list[(index + 1) % list.length].focus();
  }

  // The character offset of a point in the text: everything before it, minus the signal labels.
  function charOffset(root, node, offset) {
    var range = document.createRange();
    range.setStart(root, 0);
    range.setEnd(node, offset);
    var fragment = range.cloneContents();
    $all("[data-skip]", fragment).forEach(function (label) { label.remove(); });
    return fragment.textContent.length;
  }

  var pendingSpan = null;
  function watchSelection() {
    var root = $("#story-text .story-text");
    var toolbar = $("#selection-toolbar");
    var form = $("#span-redact-form");
    if (!root || !toolbar || !form) { return; }
    function update() {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) { toolbar.hidden = true; pendingSpan = null; return; }
      var range = selection.getRangeAt(0);
      if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) { toolbar.hidden = true; return; }
      var start = charOffset(root, range.startContainer, range.startOffset);
      var end = charOffset(root, range.endContainer, range.endOffset);
      if (end <= start) { toolbar.hidden = true; return; }
      var expected = range.cloneContents();
      $all("[data-skip]", expected).forEach(function (label) { label.remove(); });
      pendingSpan = { start: start, end: end, expected: expected.textContent };
      toolbar.hidden = false;
    }
    document.addEventListener("selectionchange", update);
    $all("[data-redact-kind]", toolbar).forEach(function (button) {
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the selection
      button.addEventListener("click", function () {
        if (!pendingSpan) { return; }
        form.elements.start.value = pendingSpan.start;
        form.elements.end.value = pendingSpan.end;
        form.elements.kind.value = button.getAttribute("data-redact-kind");
        var expected = form.elements.expected;
        if (!expected) {
          expected = document.createElement("input");
          expected.type = "hidden";
          expected.name = "expected";
          form.appendChild(expected);
        }
        expected.value = pendingSpan.expected;
        submitting = true;
        form.submit();
      });
    });
  }

  // --- Review page: the hold --------------------------------------------------------------
  var submitting = false;
  function watchHold() {
    var timer = $("#hold-timer");
    if (!timer) { return; }
    var until = new Date(timer.getAttribute("data-until")).getTime();
    var full = Math.max(1, (until - Date.now()) / 1000);
    var left = $("[data-hold-left]", timer);
    var expired = $("#hold-expired");
    var worked = false, renewing = false;  // worked: the moderator did something since the last renewal
    ["keydown", "mousemove", "scroll", "input", "click"].forEach(function (name) {
      document.addEventListener(name, function () { worked = true; }, { passive: true });
    });
    function held(state) {
      until = new Date(state.until).getTime();
      full = Math.max(1, state.seconds_left);
      expired.hidden = true;
      timer.hidden = false;
    }
    function renew() {
      renewing = true;
      worked = false;
      post(timer.getAttribute("data-renew-url")).then(function (response) {
        return response.json().then(function (state) {
          if (response.ok && state.held) { held(state); } else { until = 0; }
        });
      }).catch(function () { /* offline: the timer shows what is left */ }).then(function () { renewing = false; });
    }
    function tick() {
      var seconds = Math.max(0, Math.round((until - Date.now()) / 1000));
      var minutes = Math.floor(seconds / 60);
      left.textContent = "(" + minutes + ":" + String(seconds % 60).padStart(2, "0") + ")";
      if (seconds === 0) { timer.hidden = true; expired.hidden = false; return; }
      // Renew while the moderator works: when the hold is running low and they did something since.
      if (worked && !renewing && !document.hidden && seconds <= Math.min(60, full / 2)) { renew(); }
    }
    $("[data-hold-again]").addEventListener("click", function () {
      post(timer.getAttribute("data-claim-url")).then(function (response) {
        return response.json().then(function (state) {
          if (response.ok && state.held) { held(state); tick(); } else { expired.firstChild.textContent = state.error + " "; }
        });
      });
    });
    tick();
    window.setInterval(tick, 1000);
    document.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("pagehide", function () {
      if (submitting || until <= Date.now()) { return; }
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken());
      body.append("beacon", "1");
      navigator.sendBeacon(timer.getAttribute("data-release-url"), body);
    });
  }

  // --- Undo buttons disappear when the window ends ---------------------------------------
  function watchUndo() {
    $all("[data-undo-until]").forEach(function (element) {
      var wait = new Date(element.getAttribute("data-undo-until")).getTime() - Date.now();
      window.setTimeout(function () { element.remove(); }, Math.max(0, wait));
    });
  }

  // --- Select all on the page --------------------------------------------------------------
  function watchSelectAll() {
    var all = $("[data-select-page]");
    if (!all) { return; }
    all.addEventListener("change", function () {
      $all("[data-bulk]").forEach(function (box) { box.checked = all.checked; });
    });
  }

  // --- Shortcuts -------------------------------------------------------------------------------
  function check(value) {
    var radio = $("#decision-form input[name=action][value=" + value + "]");
    if (radio) { radio.checked = true; }
    return radio;
  }

  function onKey(page, event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (!overlay.hidden) {
      if (event.key === "Escape") { event.preventDefault(); hideOverlay(); }
      return;
    }
    if (typing(event.target)) { return; }
    var key = event.key;
    if (key === "?") { event.preventDefault(); showOverlay(); return; }
    if (page === "queue") {
      if (key === "j") { moveInQueue(1); } else if (key === "k") { moveInQueue(-1); } else if (key === "o" || (key === "Enter" && document.activeElement.classList.contains("queue-item"))) {
        if (!openFocused()) { return; }
      } else { return; }
      event.preventDefault();
      return;
    }
    if (page !== "review") { return; }
    if (key === "t") { toggleStory(); } else if (key === "h") { nextHighlight(); } else if (key === "x") {
      if (!document.activeElement.matches("#story-text button.signal")) { return; }
      document.activeElement.click();
    } else if (key === "a") {
      if (!check("approve")) { return; }
      $("#decide-and-next").click();
    } else if (key === "r") {
      if (!check("reject")) { return; }
      $("#id_reason_code").focus();
    } else if (key === "u") {
      var release = $("#release-form");
      if (!release) { return; }
      submitting = true;
      release.submit();
    } else if (key === "j") {
      var form = $("#release-form");
      if (!form) { return; }
      var next = document.createElement("input");
      next.type = "hidden"; next.name = "next"; next.value = "1";
      form.appendChild(next);
      submitting = true;
      form.submit();
    } else if (key === "k") { window.history.back(); } else { return; }
    event.preventDefault();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var area = $(".moderation-area");
    overlay = $("#shortcut-overlay");
    if (!area || !overlay) { return; }
    var page = area.getAttribute("data-shortcuts");
    $("#shortcut-close").addEventListener("click", hideOverlay);
    document.addEventListener("keydown", function (event) { onKey(page, event); });
    watchSelectAll();
    watchUndo();
    if (page === "review") {
      watchSelection();
      watchHold();
      focusStory();
    } else if (page === "queue") {
      var first = queueItems()[0];
      if (first && !$(".messages .message-error")) { first.focus({ preventScroll: true }); }
    }
  });
})();
