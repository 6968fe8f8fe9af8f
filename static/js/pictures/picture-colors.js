// Colours of the pictures as [r, g, b]: blue for 0 (or low), orange for 1 (or high), for the
// output, the data points' labels and the hidden neurons' heatmaps alike.
import { blend } from "../drawing/color-scale.js";

const CLASS_0 = [43, 123, 186]; // blue: label 0
const CLASS_1 = [232, 135, 30]; // orange: label 1
const UNDECIDED = [247, 247, 247];

const clamp01 = (t) => (Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0.5);

/** An output in [0, 1] (clamped): blue at 0 through near-white at 0.5 to orange at 1. */
export function classColor(value) {
  const t = clamp01(value);
  return t < 0.5 ? blend(CLASS_0, UNDECIDED, t * 2) : blend(UNDECIDED, CLASS_1, (t - 0.5) * 2);
}

/** Fully decided colour of a label, for the data points. */
export function labelColor(label) {
  return label >= 0.5 ? CLASS_1 : CLASS_0;
}

export const css = ([r, g, b]) => `rgb(${r}, ${g}, ${b})`;

/**
 * A hidden neuron's activation on the same blue-white-orange scale as the output: sigmoid as is,
 * tanh from -1..1, the unbounded ones relative to `peak` (the largest |a| of the layer over the
 * picture), so white is an inactive neuron (0, or 0.5 for a sigmoid) and orange a strongly active one.
 */
export function activationScale(activation, peak) {
  if (activation === "sigmoid") return (a) => a;
  if (activation === "tanh") return (a) => (a + 1) / 2;
  const top = Math.max(peak, 1e-12);
  return (a) => 0.5 + a / (2 * top);
}

/** An image of `values` on a resolution x resolution grid, row 0 (lowest x_2) at the bottom. */
export function gridImage(values, resolution, colorOf) {
  const image = new ImageData(resolution, resolution);
  for (let row = 0; row < resolution; row += 1) {
    const top = (resolution - 1 - row) * resolution;
    for (let column = 0; column < resolution; column += 1) {
      const [r, g, b] = colorOf(values[row * resolution + column]);
      const at = 4 * (top + column);
      image.data[at] = r;
      image.data[at + 1] = g;
      image.data[at + 2] = b;
      image.data[at + 3] = 255;
    }
  }
  return image;
}
