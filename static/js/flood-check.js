// Starts ALTCHA's widget (static/vendor/altcha/, loaded just before this module) on every form
// that carries one: only while staff have switched flood protection on. The widget fetches its
// challenge from this site, solves it in a Web Worker served from this site, and writes the
// solution into the form's hidden "altcha" field. Nothing is sent anywhere else.
const boxes = document.querySelectorAll("[data-flood-check]:not([data-flood-started])");
if (boxes.length && globalThis.$altcha) {
  const workerUrl = boxes[0].getAttribute("data-worker");
  globalThis.$altcha.algorithms.set("SHA-256", () => new Worker(workerUrl));
  await customElements.whenDefined("altcha-widget");
  for (const box of boxes) {
    box.setAttribute("data-flood-started", "");
    const widget = box.querySelector("altcha-widget");
    const status = box.querySelector("[data-pow-status]");
    widget.addEventListener("verified", () => { if (status) { status.hidden = true; } });
    // The widget mounts on the next tick; start once it has.
    setTimeout(() => widget.verify(), 0);
  }
}
