// The moderation desk: decide cards with a button or a key, without reloading the page.
// Without this script the same buttons post their forms and the server sends the editor back.
(() => {
  "use strict";
  const desk = document.getElementById("nr-desk");
  if (!desk) return;
  const UNDO_MS = 10000;
  const DECISION_OF_STATUS = { pending: "pending", approved: "approve", removed: "remove", spam: "spam" };
  const bulk = document.getElementById("nr-desk-bulk");
  const statusLine = document.getElementById("nr-desk-status");
  const csrfToken = bulk.querySelector("[name=csrfmiddlewaretoken]").value;
  let current = null;
  let lastClicked = null;
  let undo = null;
  // Decisions in flight, and how many have finished: an answer about changes made elsewhere
  // that raced one of this editor's own decisions is dropped (the next count change asks again).
  let inFlight = 0;
  let finished = 0;

  const visibleCards = () => [...desk.querySelectorAll(".nr-card:not([hidden])")];
  const checkbox = (card) => card.querySelector(".nr-select");
  const selectedCards = () => visibleCards().filter((card) => checkbox(card).checked);

  function makeCurrent(card) {
    if (current) current.classList.remove("nr-current");
    current = card || null;
    if (!current) return;
    current.classList.add("nr-current");
    current.focus({ preventScroll: true });
    current.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const cards = visibleCards();
    if (!cards.length) return;
    const index = cards.indexOf(current);
    const next = index < 0 ? 0 : Math.min(Math.max(index + step, 0), cards.length - 1);
    makeCurrent(cards[next]);
  }

  function setSelected(card, on) {
    checkbox(card).checked = on;
    card.classList.toggle("nr-selected", on);
  }

  function say(message, offerUndo) {
    statusLine.textContent = message;
    if (!offerUndo) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button nr-undo";
    button.textContent = desk.dataset.undoLabel;
    button.addEventListener("click", undoLast);
    statusLine.append(" ", button);
  }

  async function send(cards, decision, reason, isUndo) {
    const body = new FormData();
    body.append("decision", decision);
    if (reason) body.append("reason", reason);
    if (isUndo) body.append("undo", "1");
    for (const card of cards) {
      body.append("ids", card.dataset.id);
      body.append(`seen-${card.dataset.id}`, card.dataset.status);
    }
    inFlight += 1;
    try {
      const response = await fetch(bulk.action, {
        method: "POST", body, credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
      });
      if (!response.ok) throw new Error(`decision refused: ${response.status}`);
      return await response.json();
    } finally {
      inFlight -= 1;
      finished += 1;
    }
  }

  function leave(card) {
    setSelected(card, false);
    checkbox(card).disabled = true;
    card.hidden = true;
  }

  function comeBack(card) {
    checkbox(card).disabled = false;
    card.hidden = false;
  }

  function markDecidedElsewhere(answer, cards) {
    const byId = new Map(cards.map((card) => [card.dataset.id, card]));
    for (const conflict of answer.conflicts) {
      const card = byId.get(String(conflict.id));
      if (!card) continue;
      card.dataset.status = conflict.status;
      card.classList.add("nr-stale");
      const note = card.querySelector(".nr-card-decided");
      note.textContent = conflict.message;
      note.hidden = false;
    }
  }

  function applyAnswer(answer, cards) {
    const moved = new Set(answer.moved.map(String));
    const movedCards = cards.filter((card) => moved.has(card.dataset.id));
    const previous = new Map(movedCards.map((card) => [card, card.dataset.status]));
    for (const card of movedCards) {
      card.dataset.status = answer.status;
    }
    markDecidedElsewhere(answer, cards);
    const messages = [answer.message, ...answer.conflicts.map((c) => c.message)];
    return { movedCards, previous, message: messages.join(" ") };
  }

  function rememberForUndo(movedCards, previous) {
    if (undo) clearTimeout(undo.timer);
    undo = null;
    if (!movedCards.length) return;
    undo = { previous, timer: setTimeout(() => { undo = null; statusLine.querySelector(".nr-undo")?.remove(); }, UNDO_MS) };
  }

  async function decide(cards, decision, reason) {
    if (!cards.length || !decision) return;
    const all = visibleCards();
    const position = Math.max(all.indexOf(current), 0);
    let answer;
    try {
      answer = await send(cards, decision, reason, false);
    } catch {
      say(desk.dataset.failed, false);
      return;
    }
    const { movedCards, previous, message } = applyAnswer(answer, cards);
    movedCards.forEach(leave);
    rememberForUndo(movedCards, previous);
    say(message, movedCards.length > 0);
    const left = visibleCards();
    makeCurrent(left[Math.min(position, left.length - 1)]);
    window.nrQueueCount?.refresh();
  }

  async function undoLast() {
    if (!undo) return;
    const { previous } = undo;
    clearTimeout(undo.timer);
    undo = null;
    const groups = new Map();
    for (const [card, status] of previous) {
      if (!groups.has(status)) groups.set(status, []);
      groups.get(status).push(card);
    }
    const messages = [];
    try {
      for (const [status, cards] of groups) {
        const answer = await send(cards, DECISION_OF_STATUS[status], "", true);
        const { movedCards, message } = applyAnswer(answer, cards);
        movedCards.forEach(comeBack);
        cards.filter((card) => !movedCards.includes(card)).forEach(comeBack);
        messages.push(answer.conflicts.length ? message : desk.dataset.undoDone);
        if (movedCards[0]) makeCurrent(movedCards[0]);
      }
    } catch {
      messages.push(desk.dataset.failed);
    }
    say(messages.join(" "), false);
    window.nrQueueCount?.refresh();
  }

  function targets() {
    const selected = selectedCards();
    return selected.length ? selected : current && !current.hidden ? [current] : [];
  }

  function reasonFor(cards) {
    const select = cards.length === 1 && !checkbox(cards[0]).checked
      ? cards[0].querySelector(".nr-reason")
      : bulk.querySelector("[name=reason]");
    return select ? select.value : "";
  }

  const KEYS = {
    j: () => move(1),
    k: () => move(-1),
    a: () => decide(targets(), "approve", ""),
    r: () => { const cards = targets(); decide(cards, "remove", reasonFor(cards)); },
    s: () => decide(targets(), "spam", ""),
    x: () => { if (current) setSelected(current, !checkbox(current).checked); },
    u: () => undoLast(),
  };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input:not([type=checkbox]), select, textarea")) return;
    const action = KEYS[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  desk.addEventListener("submit", (event) => {
    const form = event.target;
    const isBulk = form === bulk;
    if (!isBulk && !form.matches(".nr-card-form")) return;
    event.preventDefault();
    const cards = isBulk ? selectedCards() : [form.closest(".nr-card")];
    const reason = form.querySelector("[name=reason]")?.value || "";
    decide(cards, event.submitter?.value, reason);
  });

  desk.addEventListener("click", (event) => {
    const card = event.target.closest(".nr-card");
    if (card) makeCurrent(card);
    if (!event.target.matches(".nr-select")) return;
    const cards = visibleCards();
    if (event.shiftKey && lastClicked && cards.includes(lastClicked)) {
      const [from, to] = [cards.indexOf(lastClicked), cards.indexOf(card)].sort((x, y) => x - y);
      cards.slice(from, to + 1).forEach((each) => setSelected(each, event.target.checked));
    }
    card.classList.toggle("nr-selected", event.target.checked);
    lastClicked = card;
  });

  // When the queue changes (the live count says so), mark the cards another editor decided.
  async function markChanges() {
    const cards = visibleCards();
    const started = finished;
    if (!cards.length || inFlight) return;
    const seen = cards.map((card) => `${card.dataset.id}:${card.dataset.status}`).join(",");
    const query = new URLSearchParams({ seen });
    try {
      const response = await fetch(`${desk.dataset.changesUrl}?${query}`, {
        headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store",
      });
      const answer = response.ok ? await response.json() : null;
      if (answer && !inFlight && finished === started) {
        markDecidedElsewhere({ conflicts: answer.changed }, cards);
      }
    } catch {
      // the next change of the count tries again
    }
  }

  document.addEventListener("nr:waiting", markChanges);
  makeCurrent(visibleCards()[0]);
})();
