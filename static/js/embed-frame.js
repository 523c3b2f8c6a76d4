// Inside Newsroom's frame on another site (static/js/embed.js is the site's side): answer the
// site's hello with the frame's height, again whenever it changes, and open links that leave
// the frame in the site's window. A hello is believed only from the parent window on an
// allowed origin (the body's data-host-origins), and answers go to that origin alone.
(function () {
  "use strict";
  var HELLO = "newsroom:hello";
  var SIZE = "newsroom:size";
  var hostOrigin = null;
  var anchorSent = false;

  function allowedOrigins() {
    return (document.body.getAttribute("data-host-origins") || "").split(" ").filter(Boolean);
  }

  function sendSize() {
    if (!hostOrigin) return;
    var message = {
      type: SIZE, height: document.documentElement.getBoundingClientRect().height,
      title: document.title,
    };
    // The comment just posted (#comment-N): the site's page scrolls to it, once.
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && !anchorSent) {
      message.anchorTop = target.getBoundingClientRect().top + window.scrollY;
      anchorSent = true;
    }
    window.parent.postMessage(message, hostOrigin);
  }

  function stayInFrame(url) {
    return url.origin === location.origin && url.pathname === location.pathname;
  }

  // Pages of this frame (comment pages, replying) stay in it; anything else opens on top.
  function openLinksOnTop() {
    document.querySelectorAll("a[href]").forEach(function (link) {
      if (!stayInFrame(new URL(link.href, location.href))) link.target = "_top";
    });
    document.querySelectorAll("form.nr-report-form").forEach(function (form) {
      form.target = "_top";
    });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data || data.type !== HELLO) return;
    if (allowedOrigins().indexOf(event.origin) === -1) return;
    hostOrigin = event.origin;
    sendSize();
  });

  document.addEventListener("DOMContentLoaded", function () {
    openLinksOnTop();
    if (window.ResizeObserver) new ResizeObserver(sendSize).observe(document.documentElement);
  });
})();
