// For a network with one input: the fitted curve a^(L)(x) (one /grid answer over x) through the
// data set's points.
import { formatNumber } from "../lib/format.js";
import { axis, createPicturePlot } from "./plot-canvas.js";

const PAD = { left: 34, right: 8, top: 8, bottom: 18 };

export function createCurveView(root) {
  function draw(context, width, height, { picture, values, rows, example }) {
    const xs = picture.axes[0];
    const ys = values.filter(Number.isFinite).concat(rows ? rows.y.map((y) => y[0]) : []);
    let low = Math.min(0, ...ys);
    let high = Math.max(0, ...ys);
    const pad = 0.08 * (high - low || 1);
    low -= pad;
    high += pad;
    const [range] = picture.ranges;
    const sx = axis(range.low, range.high, PAD.left, width - PAD.right);
    const sy = axis(low, high, height - PAD.bottom, PAD.top);
    const style = getComputedStyle(root);
    context.font = `10px ${style.fontFamily}`;
    context.fillStyle = style.getPropertyValue("--ink-muted").trim() || "#5d6479";
    context.strokeStyle = "#e1e4eb";
    context.lineWidth = 1;
    context.textAlign = "right";
    context.textBaseline = "middle";
    for (const y of [low + pad, 0, high - pad]) {
      context.beginPath();
      context.moveTo(PAD.left, sy(y));
      context.lineTo(width - PAD.right, sy(y));
      context.stroke();
      context.fillText(formatNumber(y, 2), PAD.left - 4, sy(y));
    }
    context.textAlign = "center";
    context.textBaseline = "top";
    context.fillText(`x = ${formatNumber(range.low, 3)}`, PAD.left + 24, height - PAD.bottom + 4);
    context.fillText(`x = ${formatNumber(range.high, 3)}`, width - PAD.right - 28, height - PAD.bottom + 4);
    if (rows) {
      context.fillStyle = "#e8871e";
      rows.x.forEach(([x], i) => {
        context.beginPath();
        context.arc(sx(x), sy(rows.y[i][0]), 2.4, 0, 2 * Math.PI);
        context.fill();
      });
      const current = rows.x[example];
      if (current) {
        context.beginPath();
        context.arc(sx(current[0]), sy(rows.y[example][0]), 5.5, 0, 2 * Math.PI);
        context.lineWidth = 2;
        context.strokeStyle = "#1f2433";
        context.stroke();
      }
    }
    context.beginPath();
    context.strokeStyle = "#2d3454";
    context.lineWidth = 2;
    let pen = false;
    xs.forEach((x, i) => {
      if (!Number.isFinite(values[i])) {
        pen = false;
        return;
      }
      const y = sy(Math.min(high, Math.max(low, values[i])));
      if (pen) context.lineTo(sx(x), y);
      else context.moveTo(sx(x), y);
      pen = true;
    });
    context.stroke();
  }

  function describe(canvas, picture) {
    canvas.dataset.xs = JSON.stringify(picture.axes[0]);
    canvas.setAttribute("aria-label", `The network's output over x at step ${picture.step}, drawn through the data set's points.`);
  }

  return createPicturePlot(root, 1, { draw, describe });
}
