// The reader's own state on a page a shared cache serves to everyone: their comments awaiting
// moderation, the details they asked to be remembered, and the comments they may still correct.
// All of it comes from a private endpoint (comments/views_own.py); without this script, the
// address a post sends the reader back to shows their held comment, and its notice links to
// the edit page.
(function () {
  "use strict";

  function ownStateCookie() {
    return /(?:^|;\s*)comments_state=/.test(document.cookie);
  }

  function commentPage() {
    var match = /[?&]cpage=(\d+)/.exec(window.location.search);
    return match ? match[1] : "1";
  }

  // The own-comment token was for this answer only: a reload or a shared link gets the shared page.
  function dropOwnToken() {
    var url = new URL(window.location.href);
    if (!url.searchParams.has("own")) return;
    url.searchParams.delete("own");
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  }

  function byId(id) {
    return document.getElementById("comment-" + id);
  }

  function mainList() {
    var section = document.getElementById("comments");
    if (!section) return null;
    var list = section.querySelector("ol.nr-comment-list");
    if (list) return list;
    list = document.createElement("ol");
    list.className = "nr-comment-list list-unstyled";
    var empty = section.querySelector(":scope > p");
    if (empty) empty.remove();
    section.querySelector("h2").after(list);
    return list;
  }

  function repliesOf(id) {
    var item = byId(id);
    if (!item) return null;
    var list = item.querySelector(":scope > ol.nr-replies");
    if (list) return list;
    list = document.createElement("ol");
    list.className = "nr-replies list-unstyled";
    item.querySelector(":scope > article").after(list);
    return list;
  }

  function place(comment) {
    if (byId(comment.id)) return;  // already on the page (the private answer after posting)
    var holder = document.createElement("ol");
    holder.innerHTML = comment.html;  // rendered by the server's own template, text escaped there
    var item = holder.firstElementChild;
    var after = comment.after && byId(comment.after);
    if (after) {
      after.after(item);
      return;
    }
    var list = comment.under ? repliesOf(comment.under) : mainList();
    if (list) list.prepend(item);
  }

  function fillAuthor(form, author) {
    if (!form || !author) return;
    ["name", "email", "url"].forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      if (field && !field.value) field.value = author[name] || "";
    });
    var remember = form.querySelector("[name=remember]");
    if (remember) remember.checked = true;  // unticking it forgets them on the next post
  }

  function editUrl(template, id) {
    return template.dataset.editUrl.replace(template.dataset.pkPlaceholder, String(id));
  }

  function editLink(item, id) {
    var link = item.querySelector(":scope > article .nr-edit-link");
    if (link) return link;
    var template = document.getElementById("nr-edit-link-template");
    link = template.content.firstElementChild.cloneNode(true);
    link.href = editUrl(template, id);
    link.dataset.commentId = id;
    item.querySelector(":scope > article header").append(link);
    return link;
  }

  function openEditor(item, link, editable) {
    var open = item.querySelector(":scope > article .nr-inline-edit");
    if (open) {
      open.querySelector("textarea").focus();
      return;
    }
    var template = document.getElementById("nr-edit-form-template");
    var form = template.content.firstElementChild.cloneNode(true);
    var until = new Date(editable.until);
    form.action = link.href;
    form.querySelector("textarea").id = "nr-edit-body-" + editable.id;
    form.querySelector("label").htmlFor = "nr-edit-body-" + editable.id;
    form.querySelector("textarea").value = editable.body;
    var time = form.querySelector("time");
    time.dateTime = editable.until;
    time.textContent = until.toLocaleTimeString(document.documentElement.lang, {
      hour: "2-digit", minute: "2-digit",
    });
    form.querySelector(".nr-edit-cancel").addEventListener("click", function () {
      form.remove();
      link.focus();
    });
    item.querySelector(":scope > article .nr-comment-body").after(form);
    form.querySelector("textarea").focus();
  }

  function offerEdits(editable) {
    var known = {};
    editable.forEach(function (entry) {
      var item = byId(entry.id);
      if (!item) return;
      known[entry.id] = true;
      var link = editLink(item, entry.id);
      link.hidden = false;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        openEditor(item, link, entry);
      });
      var left = new Date(entry.until).getTime() - Date.now();
      window.setTimeout(function () { link.hidden = true; }, Math.max(left, 0));
    });
    document.querySelectorAll(".nr-edit-link").forEach(function (link) {
      if (!known[link.dataset.commentId]) link.hidden = true;  // its window has passed
    });
  }

  function apply(state, form) {
    (state.comments || []).forEach(place);
    fillAuthor(form, state.author);
    offerEdits(state.editable || []);
  }

  function done() {
    document.documentElement.dataset.ownState = "ready";  // for tests and other scripts
  }

  document.addEventListener("DOMContentLoaded", function () {
    dropOwnToken();
    var form = document.getElementById("comment-form");
    if (!form || !form.dataset.ownUrl || !ownStateCookie()) {
      done();
      return;
    }
    fetch(form.dataset.ownUrl + "&cpage=" + commentPage(), {
      credentials: "same-origin", cache: "no-store",
    })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (state) { if (state) apply(state, form); })
      .catch(function () {})  // the page still works: the form is there, only not filled
      .then(done);
  });
})();
