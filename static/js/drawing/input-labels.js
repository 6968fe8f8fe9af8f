// Which feature each input neuron holds (x₁², sin x₂, ...), written left of the neuron as in
// TensorFlow Playground: a network with features has a^(0) = the features of the point (x₁, x₂),
// not the point itself, and the drawing must say so.
import { svg } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";

export const FEATURE_LABELS = {
  x1: "x₁", x2: "x₂", "x1^2": "x₁²", "x2^2": "x₂²", x1x2: "x₁x₂", "sin x1": "sin x₁", "sin x2": "sin x₂",
};

/** The feature as the page writes it (the API's name when it has no written form). */
export function featureLabel(name) {
  return FEATURE_LABELS[name] || name;
}

/** The input vector a^(0) of a network with features, each value named: "x₁² = 0.25, sin x₂ = 0.1". */
export function featureValues(names, values, digits) {
  return names.map((name, i) => `${featureLabel(name)} = ${formatNumber(values[i], digits)}`).join(", ");
}

/** Room between a neuron's edge and its label, in pixels. */
const GAP = 4;

/** The label's font size for neurons of this radius: readable, never taller than the neuron spacing. */
export function labelSize(radius) {
  return Math.max(9, Math.min(13, radius * 0.9));
}

/** Labels in `group` for the network's input neurons; none without features. */
export function createInputLabels(group, network) {
  const texts = (network.features || []).map((name, i) => {
    const text = svg("text", {
      class: "input-label", "text-anchor": "end", "dominant-baseline": "central", "data-feature": name,
      "data-index": i,
    }, group);
    // Through the CSSOM: the page's CSP refuses style attributes.
    Object.assign(text.style, { fill: "var(--ink)", fontStyle: "italic", pointerEvents: "none" });
    text.textContent = featureLabel(name);
    return text;
  });
  return {
    /** `column`: the input neurons' positions; `radius`: theirs. */
    place(column, radius) {
      texts.forEach((text, i) => {
        const at = column[i];
        if (!at) return;
        text.setAttribute("x", at.x - radius - GAP);
        text.setAttribute("y", at.y);
        text.setAttribute("font-size", labelSize(radius));
      });
    },
  };
}
