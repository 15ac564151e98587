// Live numbers on the wall: polls the open count API every few seconds and
// updates the elements marked data-live="…". Without JavaScript the page
// already shows the numbers as they were when it loaded.
(function () {
  "use strict";
  var INTERVAL = 5000;

  function start(source) {
    var url = source.getAttribute("data-live-counts");
    var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
    var timer = null;

    function set(name, value) {
      if (typeof value !== "number") { return; }
      var nodes = document.querySelectorAll('[data-live="' + name + '"]');
      for (var i = 0; i < nodes.length; i++) {
        var text = format.format(value);
        if (nodes[i].textContent !== text) {
          nodes[i].textContent = text;
          nodes[i].classList.add("live-updated");
          window.setTimeout(function (node) { node.classList.remove("live-updated"); }, 1200, nodes[i]);
        }
      }
    }

    function apply(data) {
      if (!data || !data.total) { return; }
      set("total-voices", data.total.voices);
      set("stories-published", data.total.stories_published);
      set("stories-pending", data.total.stories_pending);
      (data.campaigns || []).forEach(function (campaign) {
        set("campaign-" + campaign.slug, campaign.voices);
      });
    }

    function poll() {
      if (document.hidden) { return; }
      fetch(url, { credentials: "omit", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(apply)
        .catch(function () { /* Offline for a moment: the numbers stay as they are. */ });
    }

    timer = window.setInterval(poll, INTERVAL);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { poll(); } });
    return timer;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.querySelector("[data-live-counts]");
    if (source && window.fetch) { start(source); }
  });
})();
