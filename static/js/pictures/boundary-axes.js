// The decision boundary's axes: x₁ across and x₂ up, with round tick values along the canvas's
// bottom and left edges. Drawn as HTML beside the canvas, not on it, so every canvas pixel stays
// the picture (a pixel at a grid point is that point's output).
import { formatNumber } from "../lib/format.js";

/** Round tick values inside [low, high]: steps of 1, 2 or 5 times a power of ten, about `target` of them. */
export function niceTicks(low, high, target = 4) {
  if (!(Number.isFinite(low) && Number.isFinite(high)) || high <= low) return [];
  const rough = (high - low) / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough * 0.999) ?? 10 * power;
  const ticks = [];
  for (let i = Math.ceil(low / step - 1e-9); i * step <= high + step * 1e-9; i += 1) {
    // Multiplying the index (not adding steps) keeps 0.1 + 0.2 from drifting to 0.30000000000000004.
    const value = Number((i * step).toPrecision(12));
    ticks.push(Object.is(value, -0) ? 0 : value);
  }
  return ticks;
}

/** Where a tick sits along its axis, as a percentage from the low end. */
export const tickPercent = (value, low, high) => ((value - low) / (high - low)) * 100;

/** Fills the two tick rows (`across`: x₁ along the bottom, `up`: x₂ along the left) for `ranges`. */
export function drawBoundaryAxes(across, up, ranges) {
  const [rx, ry] = ranges;
  const fill = (row, range, side) => {
    row.replaceChildren(...niceTicks(range.low, range.high).map((value) => {
      const tick = document.createElement("span");
      tick.className = "axis-tick";
      tick.textContent = formatNumber(value, 3);
      tick.dataset.value = String(value);
      tick.style[side] = `${tickPercent(value, range.low, range.high)}%`;
      return tick;
    }));
  };
  fill(across, rx, "left");
  fill(up, ry, "bottom");
}
