// The loss curve's pure parts beyond its linear axes: log step and log cost scales, the point under
// the pointer (for the tooltip) and the step where the test cost starts rising (overfitting).

/**
 * Where a step falls along the step axis, 0 (first) to 1 (last). Log: by log10(1 + step), so step 0
 * (the untrained network) has a place and the early steps, where the cost moves most, get room.
 */
export function stepFraction(firstStep, lastStep, log) {
  const u = log ? (step) => Math.log10(1 + step) : (step) => step;
  const low = u(firstStep);
  const span = u(lastStep) - low || 1;
  return (step) => (u(step) - low) / span;
}

/** The log step axis's ticks: 0 if it is shown, then 1, 10, 100, ... within [firstStep, lastStep]. */
export function logStepTicks(firstStep, lastStep) {
  const ticks = firstStep === 0 ? [0] : [];
  for (let step = 1; step <= lastStep; step *= 10) if (step >= firstStep) ticks.push(step);
  return ticks;
}

/**
 * The log cost axis for these points: from the decade at or below the lowest positive finite cost
 * to the decade at or above the highest (at least one decade), ticks on decades (every other one or
 * sparser past five decades). Costs of 0 or below have no place on it and are drawn at the bottom.
 */
export function logCostAxis(points) {
  const costs = points.map((p) => p.cost).filter((c) => Number.isFinite(c) && c > 0);
  if (!costs.length) return { low: 0.1, high: 1, ticks: [0.1, 1] };
  const lowPower = Math.floor(Math.log10(Math.min(...costs)));
  const highPower = Math.max(lowPower + 1, Math.ceil(Math.log10(Math.max(...costs))));
  const every = Math.ceil((highPower - lowPower) / 5);
  const ticks = [];
  for (let p = lowPower; p <= highPower; p += every) ticks.push(10 ** p);
  return { low: 10 ** lowPower, high: 10 ** highPower, ticks };
}

/** Where a cost falls along the log cost axis, 0 (low) to 1 (high), clamped. */
export function logCostFraction({ low, high }) {
  const span = Math.log10(high) - Math.log10(low);
  return (cost) => (cost > low ? Math.min(1, (Math.log10(cost) - Math.log10(low)) / span) : 0);
}

/** The point whose x (`sx(point.step)`) is nearest to `x`; null for no points. Points in step order. */
export function nearestPoint(points, x, sx) {
  let best = null;
  let distance = Infinity;
  for (const p of points) {
    const d = Math.abs(sx(p.step) - x);
    if (d < distance) {
      best = p;
      distance = d;
    }
  }
  return best;
}

/**
 * Where overfitting starts: the step of the lowest test cost (`point.test`) when at least
 * `after` later points have one (a tie counts as the later point), and the last
 * one is `rise` (relative) above it. Else null: the test cost is still falling, or only wobbles.
 */
export function overfitStep(evals, { after = 3, rise = 0.01 } = {}) {
  const tested = evals.filter((p) => Number.isFinite(p.test));
  if (tested.length < after + 1) return null;
  let lowest = 0;
  tested.forEach((p, i) => {
    if (p.test <= tested[lowest].test) lowest = i;
  });
  const low = tested[lowest].test;
  if (tested.length - 1 - lowest < after) return null;
  return tested.at(-1).test > low + rise * Math.abs(low) ? tested[lowest].step : null;
}
