// The frame of a panel section whose numbers the server computes only while the section is open.
import { el } from "../lib/dom.js";

/**
 * Tells the actions when the section opens or closes, hides it without a selected weight, and
 * redraws only when `signatureOf(state)` (a list compared item by item) changes. `draw(state, body)`
 * returns whether the numbers it drew are complete, exposed as data-ready.
 */
export function createFetchedSection(root, actions, name, signatureOf, draw) {
  const body = root.querySelector("[data-role=body]");
  root.addEventListener("toggle", () => actions.setSectionOpen(name, root.open));
  let shown = null;

  function render(state) {
    if (!state.network || !state.selected) {
      root.hidden = true;
      shown = null;
      return;
    }
    root.hidden = false;
    const signature = signatureOf(state);
    if (shown && signature.length === shown.length && signature.every((item, i) => item === shown[i])) return;
    shown = signature;
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
