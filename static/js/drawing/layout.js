// Where the drawing's neurons sit and how neurons and edges look, as plain numbers: kept apart
// from the DOM so the geometry can be checked without a browser.

const MARGIN_X = 70;
export const TOP = 50;
export const BOTTOM = 26;

/** Where every neuron sits, in pixels of a width x height drawing. */
export function layout(layers, width, height) {
  const last = layers.length - 1;
  const tallest = Math.max(...layers);
  const usable = Math.max(40, height - TOP - BOTTOM);
  const spacing = Math.min(110, usable / tallest);
  const middle = TOP + usable / 2;
  const span = Math.max(0, width - 2 * MARGIN_X);
  // Many layers in a narrow drawing: the columns' distance limits the size too, so neighbours never overlap.
  const columnGap = last > 0 ? span / last : Infinity;
  const radius = Math.max(3, Math.min(28, spacing * 0.34, columnGap * 0.3));
  return {
    radius,
    positions: layers.map((n, l) => Array.from({ length: n }, (_, i) => ({
      x: last === 0 ? width / 2 : MARGIN_X + (l * span) / last,
      y: middle + (i - (n - 1) / 2) * spacing,
    }))),
  };
}

/** How lit a neuron looks, 0..1, given its layer's activation and the layer's largest |a| (at least 1). */
export function brightness(value, activation, peak) {
  if (activation === "sigmoid") return value;
  if (activation === "tanh") return (value + 1) / 2;
  if (activation === "relu") return value / peak;
  return 0.5 + value / (2 * peak); // linear and the input layer: 0 sits in the middle
}

/** An edge's stroke width: thicker for a larger |w| relative to the network's largest. */
export function edgeWidth(w, maxWeight) {
  return maxWeight > 0 ? 0.75 + (5.25 * Math.abs(w)) / maxWeight : 1.5;
}
