// The loss curve: mini-batch cost of every step, and the data set's cost after each training call.
import { formatNumber } from "../lib/format.js";

const PAD = { left: 46, right: 10, top: 10, bottom: 24 };

function niceCeiling(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((f) => f * power).find((v) => v >= value);
}

/**
 * At most the lowest and the highest point of each pixel column, in step order: the same picture
 * as every point, but a live run's thousands of points would make each redraw slow to stroke.
 */
export function columns(points, sx) {
  if (points.length < 200) return points;
  const kept = [];
  let column = null;
  let low = null;
  let high = null;
  const flush = () => {
    if (low) kept.push(...(low === high ? [low] : low.step < high.step ? [low, high] : [high, low]));
  };
  for (const p of points) {
    const x = Math.round(sx(p.step));
    if (x !== column) {
      flush();
      column = x;
      low = high = p;
    } else if (p.cost < low.cost) low = p;
    else if (p.cost > high.cost) high = p;
  }
  flush();
  return kept;
}

/**
 * The axes for these points ({ step, cost }) on a network now at `networkStep`: steps from the
 * first point to the latest (at least one step wide), costs from 0 to `top`, a round number with
 * grid lines every `tick`. Non-finite costs (a diverged run) are left out of the range.
 */
export function chartAxes(points, networkStep) {
  const firstStep = points.length ? Math.min(...points.map((p) => p.step)) : 0;
  const lastStep = Math.max(firstStep + 1, networkStep, ...points.map((p) => p.step));
  const highest = Math.max(0, ...points.map((p) => p.cost).filter(Number.isFinite));
  if (!(highest > 0)) return { firstStep, lastStep, top: 1, tick: 0.25 };
  const tick = niceCeiling(highest / 4);
  return { firstStep, lastStep, top: tick * Math.ceil(highest / tick), tick };
}

export function createChart(root) {
  const canvas = root.querySelector("canvas");
  const caption = root.querySelector("[data-role=chart-caption]");
  const context = canvas.getContext("2d");
  let last = null;
  // The size and style are read when the canvas resizes, not per draw: reading them forces a layout,
  // which live training (30+ draws a second) cannot afford.
  let size = null;

  function resize([entry]) {
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = entry.contentRect;
    const style = getComputedStyle(root);
    size = { width, height, ratio, ink: style.getPropertyValue("--ink-muted").trim() || "#667", font: style.fontFamily };
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    draw();
  }

  function draw() {
    if (!last || !size) return;
    const { history, network } = last;
    const { width, height, ratio, ink } = size;
    if (!width || !height) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    context.font = `11px ${size.font}`;

    const { firstStep, lastStep, top, tick } = chartAxes(history.batch.concat(history.evals), network ? network.step : 1);
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const sx = (step) => PAD.left + ((step - firstStep) / (lastStep - firstStep)) * plotW;
    const sy = (cost) => PAD.top + plotH - (Math.min(cost, top) / top) * plotH;

    context.strokeStyle = "#e3e6ec";
    context.fillStyle = ink;
    context.lineWidth = 1;
    context.textAlign = "right";
    context.textBaseline = "middle";
    for (let cost = 0; cost <= top * (1 + 1e-9); cost += tick) {
      const y = Math.round(sy(cost)) + 0.5;
      context.beginPath();
      context.moveTo(PAD.left, y);
      context.lineTo(width - PAD.right, y);
      context.stroke();
      context.fillText(formatNumber(cost, 3), PAD.left - 6, y);
    }
    context.textAlign = "center";
    context.textBaseline = "top";
    context.fillText(`step ${firstStep}`, PAD.left + 24, height - PAD.bottom + 6);
    context.fillText(`step ${lastStep}`, width - PAD.right - 30, height - PAD.bottom + 6);

    const line = (series, color, lineWidth) => {
      const finite = columns(series.filter((p) => Number.isFinite(p.cost)), sx);
      if (!finite.length) return;
      context.strokeStyle = color;
      context.fillStyle = color;
      context.lineWidth = lineWidth;
      context.beginPath();
      finite.forEach((p, i) => (i ? context.lineTo(sx(p.step), sy(p.cost)) : context.moveTo(sx(p.step), sy(p.cost))));
      context.stroke();
      if (finite.length < 40) {
        for (const p of finite) {
          context.beginPath();
          context.arc(sx(p.step), sy(p.cost), 2.5, 0, 2 * Math.PI);
          context.fill();
        }
      }
    };
    line(history.batch, "#b9c2d6", 1);
    line(history.evals, "#2d3454", 2);
  }

  new ResizeObserver(resize).observe(canvas);

  function render(state) {
    if (last && last.history === state.history && last.network === state.network) return;
    last = { history: state.history, network: state.network };
    const evals = state.history.evals;
    caption.textContent = evals.length > 1
      ? `Data set cost went from ${formatNumber(evals[0].cost)} to ${formatNumber(evals.at(-1).cost)} over ${evals.at(-1).step - evals[0].step} steps.`
      : "Train to draw the cost curve.";
    canvas.setAttribute("aria-label", caption.textContent);
    draw();
  }

  return { render };
}
