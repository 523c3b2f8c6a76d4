// The live count of waiting comments in the admin header (and on the desk): a conditional GET
// every POLL_MS that the server answers with 304 while the queue has not changed.
(() => {
  "use strict";
  const POLL_MS = 15000;
  const source = document.querySelector("[data-nr-waiting][data-count-url]");
  if (!source) return;
  const url = source.dataset.countUrl;
  let etag = "";
  // One request at a time: two in flight could answer out of order, and an older count (with
  // its older ETag) would then overwrite the newer one until the queue changes again. A refresh
  // asked for meanwhile runs once more after the current one, so it sees what changed since.
  let running = null;
  let again = false;

  async function fetchCount() {
    const headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    let response;
    try {
      response = await fetch(url, { headers, cache: "no-store", credentials: "same-origin" });
    } catch {
      return; // offline for a moment: the next poll tries again
    }
    if (response.status !== 200) return;
    const count = await response.json();
    etag = response.headers.get("ETag") || "";
    for (const element of document.querySelectorAll("[data-nr-waiting]")) {
      element.textContent = count.label;
    }
    document.dispatchEvent(new CustomEvent("nr:waiting", { detail: count }));
  }

  function refresh() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await fetchCount();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  window.nrQueueCount = { refresh };
  refresh();
  setInterval(() => {
    if (!document.hidden) refresh();
  }, POLL_MS);
})();
