// Maps a gradient to an edge colour: the hue says its sign, the intensity its size.
import { drawnValues, largestMagnitude } from "./drawn-values.js";

const NEUTRAL = [212, 216, 222];
const NEGATIVE = [33, 102, 172]; // blue: raising this weight lowers the cost
const POSITIVE = [192, 40, 43]; // red: raising this weight raises the cost
export const LOG_DECADES = 4;

/** The colour a fraction t of the way from one [r, g, b] to another, rounded. */
export function blend(from, to, t) {
  return from.map((c, i) => Math.round(c + (to[i] - c) * t));
}

function mix(from, to, t) {
  const [r, g, b] = blend(from, to, t);
  return `rgb(${r}, ${g}, ${b})`;
}

/** [r, g, b] of an edge with a gradient of this sign at intensity t in [0, 1] (for canvas pixels). */
export function colorRgb(sign, t) {
  return blend(NEUTRAL, sign < 0 ? NEGATIVE : POSITIVE, t);
}

/**
 * A scale over [-maxAbs, maxAbs]. "linear" maps |g| / maxAbs to intensity; "log" spreads the
 * LOG_DECADES decades below maxAbs evenly, so tiny gradients stay distinguishable from zero.
 */
export function createScale(maxAbs, mode) {
  const intensity = (g) => {
    const size = Math.abs(g);
    if (!(maxAbs > 0) || !Number.isFinite(size) || size === 0) return Number.isFinite(size) && size > 0 ? 1 : 0;
    if (mode === "log") {
      return Math.min(1, Math.max(0, (Math.log10(size / maxAbs) + LOG_DECADES) / LOG_DECADES));
    }
    return Math.min(1, size / maxAbs);
  };
  const color = (g) => mix(NEUTRAL, g < 0 ? NEGATIVE : POSITIVE, intensity(g));
  // Tick values for the legend, each with its position in [-1, 1] along the bar.
  const magnitudes = mode === "log"
    ? [maxAbs, maxAbs / 100]
    : [maxAbs, maxAbs / 2];
  const ticks = [];
  for (const m of magnitudes) ticks.push({ value: -m, position: -intensity(m) });
  ticks.push({ value: 0, position: 0 });
  for (const m of [...magnitudes].reverse()) ticks.push({ value: m, position: intensity(m) });
  const floor = mode === "log" ? maxAbs * 10 ** -LOG_DECADES : 0;
  return { maxAbs, mode, floor, intensity, color, ticks };
}

/** Colour at a position in [-1, 1] along the legend bar. */
export function colorAt(position) {
  return mix(NEUTRAL, position < 0 ? NEGATIVE : POSITIVE, Math.abs(position));
}

/** Fill for a neuron: white when inactive, dark slate when fully active. */
export function activationFill(t) {
  return mix([255, 255, 255], [45, 52, 84], Math.min(1, Math.max(0, t)));
}

/** The edge scale for a state: its largest |dC/dw| for the current example sets the range. */
export function gradientScale(state) {
  const values = drawnValues(state);
  return createScale(largestMagnitude(values && values.gradW), state.scale);
}
