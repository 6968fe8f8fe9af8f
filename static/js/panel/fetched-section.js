// The frame of a panel section whose numbers the server computes only while the section is open
// (panel/sections.js tells the actions when it opens and hides it while it does not apply).
import { el } from "../lib/dom.js";
import { createChangeCheck } from "../lib/change-check.js";

/**
 * Redraws only when `signatureOf(state)` (a list compared item by item) changes. `draw(state, body)`
 * returns whether the numbers it drew are complete, exposed as data-ready.
 */
export function createFetchedSection(root, signatureOf, draw) {
  const body = root.querySelector("[data-role=body]");
  const shown = createChangeCheck();

  function render(state) {
    root.hidden = false;
    if (shown.unchanged([...signatureOf(state), root.open])) return;
    root.dataset.ready = String(Boolean(draw(state, body)));
  }

  return { render };
}

/** "Loading…" or the server's message in place of the numbers; true when it showed one. */
export function placeholder(root, parts, answer) {
  if (!answer) {
    parts.push(el("p", "small muted", root.open ? "Loading…" : ""));
    return true;
  }
  if (answer.error) {
    parts.push(el("p", "form-message", answer.error));
    return true;
  }
  return false;
}
