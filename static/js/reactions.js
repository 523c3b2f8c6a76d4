// The "useful" (مفيد) buttons under comments: shows which ones this reader pressed, and presses
// without a reload. Without JavaScript each button is a plain form that posts and comes back.
// The page is shared by every reader, so whether "I" pressed comes from a private endpoint
// (data-mine-url on this script's tag), never from the page itself.
(function () {
  "use strict";
  var script = document.currentScript;
  var MOST_IDS = 200; // what comments.views_reactions.my_reactions reads at once

  function buttonOf(form) {
    return form.querySelector("button.nr-useful");
  }

  function showPressed(form, pressed) {
    buttonOf(form).setAttribute("aria-pressed", pressed ? "true" : "false");
  }

  function showState(form, state) {
    showPressed(form, state.pressed);
    form.querySelector(".nr-useful-count").textContent = state.useful_count_text;
  }

  function showMessage(form, text) {
    var note = form.querySelector(".nr-useful-note");
    if (!note) {
      note = document.createElement("span");
      note.className = "nr-useful-note small ms-2";
      note.setAttribute("role", "status");
      form.appendChild(note);
    }
    note.textContent = text;
  }

  async function loadPressed(forms, url) {
    var byId = {};
    forms.forEach(function (form) {
      byId[form.dataset.commentId] = form;
      showPressed(form, false);
    });
    var ids = Object.keys(byId);
    for (var start = 0; start < ids.length; start += MOST_IDS) {
      var query = "?ids=" + ids.slice(start, start + MOST_IDS).join(",");
      var response = await fetch(url + query, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      (await response.json()).pressed.forEach(function (id) {
        if (byId[id]) showPressed(byId[id], true);
      });
    }
  }

  function csrfToken() {
    // Signed-in readers' pages carry Django's token (in the comment form); readers need none.
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  async function press(form) {
    var button = buttonOf(form);
    button.disabled = true;
    try {
      var response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      });
      var answer = await response.json();
      if (response.ok) showState(form, answer);
      else showMessage(form, answer.message || "");
    } catch (error) {
      form.submit(); // no answer we can read: let the page post it the plain way
    } finally {
      button.disabled = false;
    }
  }

  function setUp() {
    var forms = Array.prototype.slice.call(document.querySelectorAll("form.nr-useful-form"));
    if (!forms.length) return;
    forms.forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        press(form);
      });
    });
    loadPressed(forms, script.dataset.mineUrl);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
