// Progressive enhancement only: every feature here works without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setUpBackToTop() {
    var button = document.getElementById("back-to-top");
    if (!button) return;
    var update = function () {
      button.classList.toggle("nr-visible", window.scrollY > 400);
    };
    window.addEventListener("scroll", update, { passive: true });
    update();
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      window.scrollTo({ top: 0, behavior: reduce ? "auto" : "smooth" });
      var skip = document.querySelector("a.visually-hidden-focusable");
      if (skip) skip.focus({ preventScroll: true });
    });
  }

  function setUpReplies() {
    var respond = document.getElementById("respond");
    var form = document.getElementById("comment-form");
    if (!respond || !form) return;
    var home = respond.parentNode;
    var homeNext = respond.nextSibling;
    var parentInput = form.querySelector("input[name=parent]");
    var notice = document.getElementById("nr-replying-to");
    var noticeName = document.getElementById("nr-replying-to-name");
    var cancel = document.getElementById("nr-cancel-reply");
    document.querySelectorAll(".nr-reply-link").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var item = document.getElementById("comment-" + link.dataset.commentId);
        item.querySelector(":scope > article").after(respond);
        parentInput.value = link.dataset.commentId;
        noticeName.textContent = link.dataset.author || "";
        notice.hidden = false;
        form.querySelector("textarea").focus();
      });
    });
    if (cancel) {
      cancel.addEventListener("click", function (event) {
        event.preventDefault();
        parentInput.value = "";
        notice.hidden = true;
        home.insertBefore(respond, homeNext);
      });
    }
  }

  // A page a shared cache holds dates its form from when it was rendered: when the reader starts
  // typing, ask for a timestamp of now (the server still checks it), once per page view.
  function setUpFreshTimestamp() {
    var form = document.getElementById("comment-form");
    if (!form || !form.dataset.timestampUrl) return;
    var field = form.querySelector("input[name=timestamp]");
    if (!field) return;
    var refresh = function () {
      form.removeEventListener("input", refresh);
      fetch(form.dataset.timestampUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (answer) { return answer.ok ? answer.json() : null; })
        .then(function (data) { if (data && data.timestamp) field.value = data.timestamp; })
        .catch(function () {});  // the rendered timestamp still works
    };
    form.addEventListener("input", refresh);
  }

  function focusFirstError() {
    var invalid = document.querySelector("#comment-form [aria-invalid=true]");
    if (invalid) {
      invalid.focus();
    } else if (document.querySelector("#nr-form-errors .alert")) {
      document.getElementById("nr-form-errors").scrollIntoView();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpBackToTop();
    setUpReplies();
    setUpFreshTimestamp();
    focusFirstError();
  });
})();
