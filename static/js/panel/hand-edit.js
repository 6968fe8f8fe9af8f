// Edit by hand: type a weight or bias (or drag it), and the server's network and every number follow.
import { el } from "../lib/dom.js";
import { formatNumber, plural } from "../lib/format.js";
import { indexed, math } from "../lib/mathml.js";
import { isCurrent } from "../state/freshness.js";
import { sameTarget } from "../state/state.js";
import { undoableEdits } from "../state/edit-undo.js";

/** A typed number as a number; anything else goes to the server as typed, so its message explains. */
function parse(text) {
  const trimmed = text.trim();
  const number = Number(trimmed);
  return trimmed !== "" && Number.isFinite(number) ? number : trimmed;
}


/** One editable parameter: a text field, a slider around the current value, Apply, the API's message. */
export function editRow(kind, target, current, state, actions) {
  const symbol = kind === "weight" ? indexed("w", [target.j, target.k], target.layer) : indexed("b", [target.j], target.layer);
  const input = el("input", "edit-value");
  input.type = "text";
  input.inputMode = "decimal";
  input.spellcheck = false;
  const { editError } = state;
  const rejected = isCurrent(editError, state) && sameTarget(editError.target, target) ? editError : null;
  // After a rejected value the field keeps what was typed, beside the server's reason.
  input.value = String(rejected ? rejected.typed : current);
  input.dataset.edit = kind;
  input.setAttribute("aria-label", `${kind} value`);
  // The slider spans the current value ± max(2, |value|): room to push it through zero and back.
  const reach = Math.max(2, Math.abs(current));
  const slider = el("input", "edit-slider");
  slider.type = "range";
  slider.min = String(current - reach);
  slider.max = String(current + reach);
  slider.step = "any";
  slider.value = String(current);
  slider.dataset.editSlider = kind;
  slider.setAttribute("aria-label", `drag to change the ${kind}`);
  const apply = el("button", "", "Apply");
  apply.type = "button";
  apply.dataset.editApply = kind;
  const message = el("p", "form-message edit-message", rejected ? rejected.message : "");
  message.dataset.role = "edit-message";
  message.setAttribute("role", "alert");
  message.id = `edit-message-${kind}`;
  input.setAttribute("aria-describedby", message.id);
  if (rejected) input.setAttribute("aria-invalid", "true");

  const send = () => actions.setParameter(target, parse(input.value), input.value);
  apply.addEventListener("click", send);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") send();
  });
  slider.addEventListener("input", () => { input.value = slider.value; });
  slider.addEventListener("change", () => actions.setParameter(target, Number(slider.value)));

  return el("div", "edit-row",
    el("label", "edit-label", math(null, symbol), el("span", "small muted", ` now ${formatNumber(current, 6)}`)),
    el("div", "edit-controls", input, apply), slider, message);
}

/** A weight's or bias's name in words, for the undo line. */
function described({ layer, j, k }) {
  return k === undefined ? `b${j} of layer ${layer}` : `w${j},${k} of layer ${layer}`;
}

/** What Undo would take back (a key that changes with it), and the row with the Undo button. */
export function undoKey(state) {
  const edits = undoableEdits(state);
  const last = edits.at(-1);
  return last ? `${edits.length}:${described(last.target)}:${last.before}:${last.after}` : "0";
}

export function undoRow(state, actions) {
  const edits = undoableEdits(state);
  const last = edits.at(-1);
  const button = el("button", "", "Undo");
  button.type = "button";
  button.dataset.role = "edit-undo";
  button.disabled = !last;
  button.dataset.count = String(edits.length);
  button.addEventListener("click", () => {
    // One click, one undo: the row is rebuilt once the server has answered.
    button.disabled = true;
    actions.undoEdit();
  });
  const note = last
    ? `Puts ${described(last.target)} back to ${formatNumber(last.before, 6)} (${plural(edits.length, "edit")} to undo).`
    : "No hand edits to undo on this network yet.";
  return el("div", "edit-undo", button, el("span", "small muted", note));
}

export function createHandEdit(root, actions) {
  const body = root.querySelector("[data-role=body]");
  let shownKey = null;

  function render(state) {
    const { network, selected } = state;
    const { layer, j, k } = selected;
    const weight = network.weights[layer - 1]?.[j]?.[k];
    const bias = network.biases[layer - 1]?.[j];
    if (weight === undefined) return;
    // Rebuilt only when what it shows changes, so typing is never interrupted by other updates.
    const key = [network.id, layer, j, k, weight, bias, isCurrent(state.editError, state) && state.editError.message, undoKey(state)].join("|");
    root.hidden = false;
    if (key === shownKey) return;
    shownKey = key;
    body.replaceChildren(
      el("p", "small muted", "Type a value and press Enter (or Apply), or drag the slider. The server keeps it; the drawing, the panel and the cost follow."),
      editRow("weight", { layer, j, k }, weight, state, actions),
      editRow("bias", { layer, j }, bias, state, actions),
      undoRow(state, actions));
  }

  return { render };
}
