// The loss curve: mini-batch cost of every step, and the data set's cost after each training call.
import { labelRoom } from "../lib/axis-labels.js";
import { drawnValues } from "../drawing/drawn-values.js";
import { formatNumber } from "../lib/format.js";
import { lossCaption } from "./loss-caption.js";
import { logCostAxis, logCostFraction, logStepTicks, nearestPoint, overfitStep, stepFraction } from "./chart-scales.js";
import { createChartTooltip } from "./chart-tooltip.js";
import { createPace } from "../lib/live-pace.js";
import { setAttr, setText } from "../lib/quiet-writes.js";

const FRAME = { left: 46, right: 10, top: 10, bottom: 24 };

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

export function createChart(root, actions) {
  const canvas = root.querySelector("canvas");
  const tooltip = createChartTooltip(root);
  const logSteps = root.querySelector("[data-role=log-steps]");
  const logCost = root.querySelector("[data-role=log-cost]");
  logSteps.addEventListener("change", () => actions.setChartLog("steps", logSteps.checked));
  logCost.addEventListener("change", () => actions.setChartLog("cost", logCost.checked));
  // The scales of the last draw, and where the pointer is: the tooltip follows the curve as it grows.
  let geometry = null;
  let hoverX = null;
  const caption = root.querySelector("[data-role=chart-caption]");
  const context = canvas.getContext("2d");
  let last = null;
  // The size and style are read when the canvas resizes, not per draw: reading them forces a layout,
  // which live training (30+ draws a second) cannot afford.
  let size = null;
  // Setting the context's font makes the browser bring the whole page's style up to date first
  // (a forced restyle in the middle of a live frame): it is set once per canvas size.
  let font = null;

  function resize([entry]) {
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = entry.contentRect;
    const style = getComputedStyle(root);
    size = { width, height, ratio, ink: style.getPropertyValue("--ink-muted").trim() || "#667", font: style.fontFamily };
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    font = null;
    draw();
  }

  function draw() {
    if (!last || !size) return;
    const { history, network } = last;
    const { width, height, ratio, ink } = size;
    if (!width || !height) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    if (font !== size.font) {
      context.font = `11px ${size.font}`;
      font = size.font;
    }

    const { chartLog } = last;
    const tests = history.evals.filter((p) => Number.isFinite(p.test)).map((p) => ({ step: p.step, cost: p.test }));
    const all = history.batch.concat(history.evals, tests);
    const { firstStep, lastStep, top, tick } = chartAxes(all, network ? network.step : 1);
    const costAxis = chartLog.cost ? logCostAxis(all) : null;
    const costTicks = [];
    if (costAxis) costTicks.push(...costAxis.ticks);
    else for (let cost = 0; cost <= top * (1 + 1e-9); cost += tick) costTicks.push(cost);
    const labels = costTicks.map((cost) => formatNumber(cost, 3));
    // The left margin widens for long labels ("1.5 × 10³²") so none loses its mantissa.
    const PAD = { ...FRAME, left: labelRoom(labels, (text) => context.measureText(text).width + 6, FRAME.left) };
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const fx = stepFraction(firstStep, lastStep, chartLog.steps);
    const fy = costAxis ? logCostFraction(costAxis) : (cost) => Math.min(cost, top) / top;
    const sx = (step) => PAD.left + fx(step) * plotW;
    const sy = (cost) => PAD.top + plotH - fy(cost) * plotH;

    context.strokeStyle = "#e3e6ec";
    context.fillStyle = ink;
    context.lineWidth = 1;
    context.textAlign = "right";
    context.textBaseline = "middle";
    costTicks.forEach((cost, i) => {
      const y = Math.round(sy(cost)) + 0.5;
      context.beginPath();
      context.moveTo(PAD.left, y);
      context.lineTo(width - PAD.right, y);
      context.stroke();
      context.fillText(labels[i], PAD.left - 6, y);
    });
    context.textAlign = "center";
    context.textBaseline = "top";
    if (chartLog.steps) {
      // Decades along the bottom, each label only where it does not run into the one before.
      let room = -Infinity;
      for (const step of logStepTicks(firstStep, lastStep)) {
        const x = sx(step);
        const text = step.toLocaleString("en");
        const half = context.measureText(text).width / 2;
        if (x - half < room + 6 || x + half > width) continue;
        context.fillText(text, x, height - PAD.bottom + 6);
        room = x + half;
      }
      context.textAlign = "right";
      if (width - PAD.right - room > 70) context.fillText(`step ${lastStep} (log)`, width - PAD.right, height - PAD.bottom + 6);
    } else {
      context.fillText(`step ${firstStep}`, PAD.left + 24, height - PAD.bottom + 6);
      context.fillText(`step ${lastStep}`, width - PAD.right - 30, height - PAD.bottom + 6);
    }

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
    line(tests, "#d9822b", 1.5);
    line(history.evals, "#2d3454", 2);

    const { overfit } = last;
    if (overfit !== null) {
      // Overfitting: from here the test cost only rises while the training cost goes on falling.
      const x = Math.round(sx(overfit)) + 0.5;
      context.strokeStyle = "#c0392b";
      context.fillStyle = "#c0392b";
      context.lineWidth = 1.5;
      context.setLineDash([4, 3]);
      context.beginPath();
      context.moveTo(x, PAD.top);
      context.lineTo(x, height - PAD.bottom);
      context.stroke();
      context.setLineDash([]);
      context.textAlign = x > width / 2 ? "right" : "left";
      context.textBaseline = "top";
      context.fillText("test cost rises", x + (x > width / 2 ? -4 : 4), PAD.top + 2);
    }
    geometry = { sx, sy, evals: history.evals };
    // The plot's left and right edges in CSS pixels, for tests to point at a step.
    canvas.dataset.plot = `${PAD.left},${width - PAD.right}`;
    hover();
  }

  function hover() {
    const point = geometry && hoverX !== null ? nearestPoint(geometry.evals, hoverX, geometry.sx) : null;
    if (!point) {
      tooltip.hide();
      return;
    }
    tooltip.show(point, canvas.offsetLeft + geometry.sx(point.step), canvas.offsetTop + geometry.sy(point.cost));
  }

  canvas.addEventListener("pointermove", (event) => {
    hoverX = event.clientX - canvas.getBoundingClientRect().left;
    hover();
  });
  canvas.addEventListener("pointerleave", () => {
    hoverX = null;
    hover();
  });

  new ResizeObserver(resize).observe(canvas);

  // Live at full speed the curve and its caption redraw at most READOUT_FPS times a second.
  const pace = createPace(show);

  function show(state) {
    if (last && last.history === state.history && last.network === state.network && last.chartLog === state.chartLog) return;
    last = { history: state.history, network: state.network, chartLog: state.chartLog };
    logSteps.checked = state.chartLog.steps;
    logCost.checked = state.chartLog.cost;
    const evals = state.history.evals;
    // What the curve holds, for tests to compare with GET .../history.
    root.dataset.batchPoints = String(state.history.batch.length);
    root.dataset.evalPoints = String(evals.length);
    root.dataset.lastEvalStep = evals.length ? String(evals.at(-1).step) : "";
    const overfit = overfitStep(evals);
    last.overfit = overfit; // draw() runs on every hover and resize too: find the mark once per history
    root.dataset.overfitStep = overfit === null ? "" : String(overfit);
    // While training, the curve's last point is the last frame that scored the data set (a few a
    // second), and the Step readout beside it says where the network is: no second sentence for it,
    // which would make the card grow and shrink with every frame.
    let words = lossCaption(evals, state.network && !state.training ? drawnValues(state).step : null);
    if (overfit !== null) words += ` The test cost was lowest at step ${overfit} and has risen since: the network is starting to overfit.`;
    setText(caption, words);
    setAttr(canvas, "aria-label", words);
    draw();
  }

  return { render: pace.render };
}
