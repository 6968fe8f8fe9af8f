// What Enter opened from the drawing, so Escape can close it: Enter on a weight opens its breakdown
// and moves the focus to the breakdown's heading; Enter on a neuron opens the neuron view. Escape
// closes that one (while it is still the one shown) and puts the focus back on the element that
// opened it, so a keyboard learner never loses their place in the drawing.
import { sameTarget } from "../state/state.js";

/** Whether what Enter opened ({kind, target}) is still on show in this state. */
export function stillOpen(opened, state) {
  if (!opened || !state) return false;
  return opened.kind === "weight" ? sameTarget(state.selected, opened.target) : sameTarget(state.neuron, opened.target);
}

/** `heading`: the breakdown panel's heading, which takes the focus when a weight opens. */
export function createKeyboardOpen(heading, actions) {
  let opened = null;
  let state = null;
  heading.tabIndex = -1;

  function onOpened(kind, target, opener) {
    opened = { kind, target, opener };
    if (kind === "weight") heading.focus();
  }

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented || !stillOpen(opened, state)) return;
    const { kind, opener } = opened;
    opened = null;
    event.preventDefault();
    if (kind === "weight") actions.selectEdge(null);
    else actions.selectNeuron(null);
    if (opener.isConnected) opener.focus();
  });

  function render(next) {
    state = next;
    // Something else chosen since (a click, another view): Escape no longer has anything of Enter's to close.
    if (opened && !stillOpen(opened, state)) opened = null;
  }

  return { onOpened, render };
}
