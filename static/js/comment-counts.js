// Fills every <span data-newsroom-count data-article-id="7"></span> on the page with that
// story's number of published comments, in one request for all of them. The label comes
// written by the server in the page's language (Arabic has six plural forms), so no catalog
// is needed here. Without JavaScript the elements keep whatever the page put in them.
(() => {
  "use strict";
  const script = document.currentScript;
  const MAX_PER_REQUEST = 100; // what the endpoint takes

  function requestedIds(elements) {
    const ids = new Set();
    for (const element of elements) {
      const id = element.dataset.articleId;
      if (/^[0-9]+$/.test(id || "")) ids.add(id);
    }
    return [...ids];
  }

  async function fetchCounts(url, ids) {
    const query = new URLSearchParams({ articles: ids.join(",") });
    const headers = {
      Accept: "application/json",
      "Accept-Language": document.documentElement.lang || "ar", // the page's, not the browser's
    };
    const response = await fetch(`${url}?${query}`, { headers, credentials: "same-origin" });
    if (!response.ok) return [];
    return (await response.json()).counts;
  }

  async function fill(elements, url) {
    const ids = requestedIds(elements);
    for (let start = 0; start < ids.length; start += MAX_PER_REQUEST) {
      let counts;
      try {
        counts = await fetchCounts(url, ids.slice(start, start + MAX_PER_REQUEST));
      } catch {
        return; // offline: the elements keep what they say
      }
      const labels = new Map(counts.map((entry) => [String(entry.article), entry]));
      for (const element of elements) {
        const entry = labels.get(element.dataset.articleId);
        if (!entry) continue;
        element.textContent = entry.label;
        element.dataset.count = String(entry.count);
      }
    }
  }

  const elements = document.querySelectorAll("[data-newsroom-count][data-article-id]");
  if (elements.length && script && script.dataset.countsUrl) {
    fill(elements, script.dataset.countsUrl);
  }
})();
