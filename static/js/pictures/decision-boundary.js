// The decision boundary: the network's output over the input plane (one /grid answer), drawn
// behind the data set's points, blue where it says 0 and orange where it says 1.
import { formatNumber } from "../lib/format.js";
import { classColor, css, gridImage, labelColor } from "./picture-colors.js";
import { axis, createPicturePlot } from "./plot-canvas.js";
import { drawBoundaryAxes } from "./boundary-axes.js";

export function createDecisionBoundary(root) {
  const tile = document.createElement("canvas");

  function draw(context, width, height, { picture, values, rows, example }) {
    const { resolution, ranges } = picture;
    const [rx, ry] = ranges;
    const sx = axis(rx.low, rx.high, 0, width);
    const sy = axis(ry.low, ry.high, height, 0);
    tile.width = resolution;
    tile.height = resolution;
    tile.getContext("2d").putImageData(gridImage(values, resolution, classColor), 0, 0);
    // Each grid value sits at a pixel's centre, so the image reaches half a pixel past the range.
    const cellW = width / (resolution - 1);
    const cellH = height / (resolution - 1);
    context.imageSmoothingEnabled = true;
    context.drawImage(tile, -cellW / 2, -cellH / 2, width + cellW, height + cellH);
    if (!rows) return;
    rows.x.forEach(([x1, x2], i) => {
      context.beginPath();
      context.arc(sx(x1), sy(x2), 2.6, 0, 2 * Math.PI);
      context.fillStyle = css(labelColor(rows.y[i][0]));
      context.fill();
      // A dark rim keeps a dot visible on the background of its own colour.
      context.lineWidth = 1;
      context.strokeStyle = "rgba(31, 36, 51, 0.7)";
      context.stroke();
    });
    const current = rows.x[example];
    if (current) {
      context.beginPath();
      context.arc(sx(current[0]), sy(current[1]), 6, 0, 2 * Math.PI);
      context.lineWidth = 2;
      context.strokeStyle = "#1f2433";
      context.stroke();
    }
  }

  function describe(canvas, picture) {
    const [rx, ry] = picture.ranges;
    canvas.title = `Across: x₁ from ${formatNumber(rx.low, 3)} to ${formatNumber(rx.high, 3)}; `
      + `up: x₂ from ${formatNumber(ry.low, 3)} to ${formatNumber(ry.high, 3)}.`;
    canvas.setAttribute("aria-label", `The network's output over the input plane at step ${picture.step}, with the data set's points. ${canvas.title}`);
    drawBoundaryAxes(root.querySelector("[data-role=axis-x]"), root.querySelector("[data-role=axis-y]"), picture.ranges);
  }

  return createPicturePlot(root, 2, { draw, describe });
}
