// Self-hosted proof of work (ALTCHA-style): find the number whose SHA-256 with
// the salt matches the server's challenge. Runs only while staff have switched
// flood protection on. Sends nothing anywhere but the form it belongs to.
(function () {
  "use strict";
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  async function solve(challenge) {
    var encoder = new TextEncoder();
    for (var number = 0; number <= challenge.maxnumber; number++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + number));
      if (hex(digest) === challenge.challenge) { return number; }
    }
    return null;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-pow-challenge]:not([data-pow-started])").forEach(function (box) {
      box.setAttribute("data-pow-started", "");
      var challenge = JSON.parse(box.getAttribute("data-pow-challenge"));
      var input = box.querySelector("input[name=altcha]");
      var status = box.querySelector("[data-pow-status]");
      solve(challenge).then(function (number) {
        if (number === null) { return; }
        input.value = btoa(JSON.stringify({
          algorithm: challenge.algorithm, challenge: challenge.challenge, salt: challenge.salt,
          signature: challenge.signature, number: number
        }));
        if (status) { status.hidden = true; }
      });
    });
  });
})();
