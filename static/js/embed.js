// Newsroom's comments on any page: <div data-newsroom-comments data-url="…" data-title="…"> and
// this script (async). It puts a frame from Newsroom's origin where the div is, sizes the frame
// to what the frame says (postMessage, origin and window checked on both sides), and fills
// <… data-newsroom-count data-url="…"> elements with comment counts in one request. No
// dependencies, no cookies, nothing loaded from anywhere but the script's own origin.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var NEWSROOM = new URL(script.src).origin;
  var HELLO = "newsroom:hello";
  var SIZE = "newsroom:size";
  var frames = [];

  function hostLanguage(box) {
    return box.getAttribute("data-lang") || document.documentElement.lang || "";
  }

  function frameFor(box) {
    var query = new URLSearchParams({
      url: box.getAttribute("data-url") || location.href.split("#")[0],
      title: box.getAttribute("data-title") || document.title,
      lang: hostLanguage(box),
    });
    var frame = document.createElement("iframe");
    frame.src = NEWSROOM + "/embed/thread/?" + query.toString();
    frame.referrerPolicy = "origin";  // Newsroom checks which site asks, and nothing more
    frame.className = "newsroom-comments-frame";
    // Shown once the frame itself says it is Newsroom's page and this site is allowed.
    frame.style.cssText = "border:0;width:100%;height:0;display:block;visibility:hidden";
    frame.setAttribute("scrolling", "no");
    frame.addEventListener("load", function () {
      frame.contentWindow.postMessage({ type: HELLO }, NEWSROOM);
    });
    box.appendChild(frame);
    frames.push(frame);
  }

  // The one place a message is believed: from Newsroom's origin, and from one of our frames.
  function frameOf(event) {
    if (event.origin !== NEWSROOM) return null;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) return frames[i];
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    var frame = frameOf(event);
    var data = event.data;
    if (!frame || !data || data.type !== SIZE || typeof data.height !== "number") return;
    frame.style.height = Math.ceil(Math.max(0, Math.min(data.height, 100000))) + "px";
    if (typeof data.title === "string") frame.title = data.title;
    frame.style.visibility = "visible";
    if (typeof data.anchorTop === "number") {
      window.scrollTo(0, frame.getBoundingClientRect().top + window.scrollY + data.anchorTop);
    }
  });

  // <a data-newsroom-count data-url="…"> on a list of stories: every count in one request
  // (100 pages a request), each label written by Newsroom in the page's language.
  var COUNTS_PER_REQUEST = 100;

  function pageAddress(element) {
    try {
      var url = new URL(element.getAttribute("data-url"), location.href);
      return /^https?:$/.test(url.protocol) ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function showCounts(elements, counts) {
    var byUrl = {};
    counts.forEach(function (entry) { byUrl[entry.url] = entry; });
    elements.forEach(function (element) {
      var entry = byUrl[pageAddress(element)];
      if (!entry) return;
      element.textContent = entry.label;
      element.setAttribute("data-count", String(entry.count));
    });
  }

  function fillCounts() {
    var elements = Array.prototype.slice.call(
      document.querySelectorAll("[data-newsroom-count][data-url]")
    );
    var urls = [];
    elements.forEach(function (element) {
      var url = pageAddress(element);
      if (url && urls.indexOf(url) === -1) urls.push(url);
    });
    for (var start = 0; start < urls.length; start += COUNTS_PER_REQUEST) {
      var query = new URLSearchParams();
      urls.slice(start, start + COUNTS_PER_REQUEST).forEach(function (url) {
        query.append("urls", url);
      });
      fetch(NEWSROOM + "/api/v1/comment-counts/?" + query.toString(), {
        credentials: "omit",
        headers: { "Accept-Language": document.documentElement.lang || "ar" },
      })
        .then(function (answer) { return answer.ok ? answer.json() : { counts: [] }; })
        .then(function (data) { showCounts(elements, data.counts || []); })
        .catch(function () {});  // the elements keep what the page put in them
    }
  }

  function start() {
    document.querySelectorAll("[data-newsroom-comments]").forEach(frameFor);
    fillCounts();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
