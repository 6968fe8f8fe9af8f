// Why is a gradient zero? Dead ReLUs, saturated sigmoids and inactive inputs, for this example.
import { el, value } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";
import { currentBreakdown } from "../state/state.js";
import { slopeAt } from "../lib/softmax.js";

/**
 * A sigmoid (or tanh) counts as saturated when sigma'(z) < 0.01. The sigmoid's slope peaks at 0.25,
 * so this is under 4% of its best, |z| > 4.6; for tanh (peak 1) it is |z| > 3. Below it, every
 * gradient through the neuron is scaled down at least 25-fold: learning nearly stops.
 */
export const SATURATION_SLOPE = 0.01;

export function activationOf(network, layer) {
  if (layer === 0) return "input";
  return layer === network.layers.length - 1 ? network.output_activation : network.hidden_activation;
}

function slopeFlag(activation, slope) {
  if (activation === "relu" && slope === 0) return "dead";
  if ((activation === "sigmoid" || activation === "tanh") && slope < SATURATION_SLOPE) return "saturated";
  return null;
}

/** Why gradients through neuron j of `layer` vanish for this pass: "dead", "saturated", "inactive". */
export function neuronFlags(network, pass, layer, j) {
  const flags = [];
  if (layer > 0) {
    const flag = slopeFlag(activationOf(network, layer), slopeAt(pass, layer, j));
    if (flag) flags.push(flag);
  }
  // An output's activation feeds no weight, so only sources can be inactive.
  if (layer < network.layers.length - 1 && pass.a[layer][j] === 0) flags.push("inactive");
  return flags;
}

/** Why one weight's gradient is zero for this pass: "slope" (dead destination), "input", or null. */
export function edgeZeroReason(network, pass, layer, j, k) {
  if (pass.a[layer - 1][k] === 0) return "input";
  if (slopeFlag(activationOf(network, layer), slopeAt(pass, layer, j)) === "dead") return "slope";
  return null;
}

export const FLAG_MARKS = { dead: "dead", saturated: "saturated", inactive: "a = 0" };

/** Readable notes for the selected weight's breakdown `b`, one per reason its gradient is (near) zero. */
export function weightNotes(network, b) {
  const notes = [];
  const l = b.layer;
  const flag = slopeFlag(activationOf(network, l), b.slope);
  const z = (text) => el("b", "", text);
  if (flag === "dead") {
    notes.push(el("p", "zero-note", z("Dead ReLU. "),
      `Neuron ${b.j} of layer ${l} has z ≤ 0 for this example, so its slope σ′(z) is `, value(b.slope, { "data-term": "zero-slope" }),
      ": this weight's gradient is 0 whatever the error, and no error passes back through the neuron."));
    notes.at(-1).dataset.flag = "dead";
  } else if (flag === "saturated") {
    notes.push(el("p", "zero-note", z(`Saturated ${activationOf(network, l)}. `),
      `Neuron ${b.j} of layer ${l} sits on a flat part of its curve: σ′(z) = `, value(b.slope, { "data-term": "zero-slope" }),
      ` is below ${formatNumber(SATURATION_SLOPE)} (the threshold used here, under 4% of the sigmoid's best slope 0.25), so the gradient is squeezed towards 0.`));
    notes.at(-1).dataset.flag = "saturated";
  }
  if (b.input === 0) {
    notes.push(el("p", "zero-note", z("Inactive input. "),
      `The source neuron ${b.k} of layer ${l - 1} outputs a = `, value(b.input, { "data-term": "zero-input" }),
      " for this example, so this weight had no effect on the output and its gradient is 0 (the bias still learns)."));
    notes.at(-1).dataset.flag = "inactive";
  }
  return notes;
}

/** The panel's note: shown only when the selected weight's gradient vanishes for a reason above. */
export function createZeroFlags(root) {
  let shown = null;
  let noted = false;

  function render(state) {
    const b = currentBreakdown(state);
    if (!b) return;
    if (shown !== b) {
      shown = b;
      const notes = weightNotes(state.network, b);
      root.replaceChildren(el("h3", "", "Why is it zero?"), ...notes);
      noted = notes.length > 0;
    }
    root.hidden = !noted;
  }

  return { render };
}
