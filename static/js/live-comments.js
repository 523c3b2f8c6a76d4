// New approved comments appear on an open article page without a reload. The script asks the
// live endpoint every few seconds with the ETag of its last answer: while the story is quiet
// the answer is a 304 that costs the server no query. New comments come rendered by the
// server (the same markup as the page's) and go where a reload would put them, if this page
// shows that place; otherwise a link offers them. A polite live region says what arrived.
// While the tab is hidden it asks far less often, and at once when it is shown again.
// Without JavaScript the page is whole as it is: a reload shows the new comments.
(() => {
  "use strict";
  const block = document.querySelector("#comments[data-live-url]");
  if (!block || !window.fetch) return;
  const options = block.dataset;
  const status = document.getElementById("nr-live-status");
  const state = { since: null, etag: options.liveEtag || "", timer: 0, offered: [] };

  function depthOf(item) {
    const match = /\bnr-depth-(\d+)\b/.exec(item.className);
    return match ? Number(match[1]) : 0;
  }

  function topList() {
    let list = block.querySelector("ol.nr-comment-list");
    if (!list) {
      list = document.createElement("ol");
      list.className = "nr-comment-list list-unstyled";
      const empty = block.querySelector(".nr-no-comments");
      if (empty) empty.replaceWith(list);
      else block.append(list);
    }
    return list;
  }

  function topLevelFits() {
    if (options.newestFirst === "1") return options.page === "1";
    const roots = block.querySelectorAll("ol.nr-comment-list > li.nr-comment").length;
    return options.lastPage === "1" && roots < Number(options.perPage);
  }

  function threadFull(root) {
    const replies = root.querySelectorAll("li.nr-comment").length;
    return Boolean(root.querySelector(".nr-more-replies")) || replies >= Number(options.threadShare);
  }

  function insertReply(element, parent, comment) {
    if (depthOf(parent) < Number(options.maxDepth)) {
      let replies = parent.querySelector(":scope > ol.nr-replies");
      if (!replies) {
        replies = document.createElement("ol");
        replies.className = "nr-replies list-unstyled";
        parent.querySelector(":scope > article").after(replies);
      }
      replies.append(element);
      return;
    }
    let after = parent; // past the deepest level, a reply joins its parent's level
    while (after.nextElementSibling && after.nextElementSibling.dataset.liveParent === String(comment.parent)) {
      after = after.nextElementSibling;
    }
    after.after(element);
  }

  // "shown", "offered" (its place is on another page or behind "more replies"), or "skipped".
  function place(comment) {
    const existing = document.getElementById(`comment-${comment.id}`);
    const template = document.createElement("template");
    template.innerHTML = comment.html;
    const element = template.content.firstElementChild;
    element.dataset.liveParent = String(comment.parent || "");
    if (existing) {
      if (!existing.classList.contains("nr-comment-pending")) return "skipped";
      existing.querySelector(":scope > article").replaceWith(element.querySelector(":scope > article"));
      existing.classList.remove("nr-comment-pending"); // the reader's own, now published
      return "skipped";
    }
    if (comment.parent === null) {
      if (!topLevelFits()) return "offered";
      const list = topList();
      if (options.newestFirst === "1") list.prepend(element);
      else list.append(element);
      return "shown";
    }
    const parent = block.querySelector(`#comment-${comment.parent}`);
    const root = block.querySelector(`#comment-${comment.thread}`);
    if (!parent || !root) return "skipped"; // a thread of another page
    if (threadFull(root)) return "offered";
    insertReply(element, parent, comment);
    return "shown";
  }

  function notice(className) {
    let element = block.querySelector(`.${className}`);
    if (!element) {
      element = document.createElement("p");
      element.className = `${className} alert alert-info py-2`;
      block.querySelector("#nr-live-status").after(element);
    }
    return element;
  }

  function offer(answer, comments) {
    state.offered.push(...comments);
    const link = document.createElement("a");
    const count = Math.min(state.offered.length, answer.announcements.length);
    link.href = state.offered[0].url;
    link.textContent = `${answer.announcements[count - 1]} – ${answer.show}`;
    notice("nr-live-offer").replaceChildren(link);
  }

  function offerReload(answer) {
    const link = document.createElement("a");
    link.href = window.location.pathname + window.location.search + "#comments";
    link.textContent = answer.reload;
    notice("nr-live-reload").replaceChildren(link);
  }

  function announce(text) {
    status.textContent = ""; // a change of text, so the same words are said again
    window.setTimeout(() => {
      status.textContent = text;
    }, 50);
  }

  function apply(answer) {
    const shown = [];
    const offered = [];
    for (const comment of answer.comments) {
      const where = place(comment);
      if (where === "shown") shown.push(comment);
      else if (where === "offered") offered.push(comment);
    }
    if (offered.length) offer(answer, offered);
    if (answer.more) offerReload(answer);
    const heading = document.getElementById("comments-title");
    if (heading) heading.textContent = answer.heading;
    const arrived = Math.min(shown.length + offered.length, answer.announcements.length);
    if (arrived) announce(answer.announcements[arrived - 1]);
    if (shown.length) document.dispatchEvent(new CustomEvent("nr:comments-added", { detail: shown }));
  }

  async function check() {
    const headers = { Accept: "application/json" };
    if (state.etag) headers["If-None-Match"] = state.etag;
    const query = state.since === null ? `version_time=${options.liveVersionTime}` : `since=${state.since}`;
    const url = `${options.liveUrl}?${query}`;
    let response;
    try {
      response = await fetch(url, { headers, cache: "no-cache", credentials: "same-origin" });
    } catch {
      return; // offline for a moment: the next poll tries again
    } finally {
      block.dataset.livePolls = String(Number(block.dataset.livePolls || 0) + 1);
    }
    if (response.status !== 200) return; // 304: nothing new
    const answer = await response.json();
    state.etag = response.headers.get("ETag") || "";
    state.since = answer.since;
    apply(answer);
  }

  function schedule() {
    window.clearTimeout(state.timer);
    const wait = Number(document.hidden ? options.liveHiddenPollMs : options.livePollMs);
    state.timer = window.setTimeout(async () => {
      await check();
      schedule();
    }, wait);
  }

  document.addEventListener("visibilitychange", async () => {
    if (document.hidden) {
      schedule(); // the longer wait from now on
      return;
    }
    window.clearTimeout(state.timer);
    await check(); // back on the tab: ask at once
    schedule();
  });
  check().then(schedule);
})();
