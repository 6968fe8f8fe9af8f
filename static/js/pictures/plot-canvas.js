// A canvas drawn at the screen's pixel density, sized by CSS, redrawn when its box changes.
import { exposeValues, unpack } from "../api/packed.js";
import { rowsFit } from "../state/data-rows.js";

export function createPlotCanvas(canvas, draw) {
  const context = canvas.getContext("2d");
  // The size is taken when the box changes, not per draw: reading it forces a layout, which live
  // training's frames cannot afford (see chart.js).
  let size = null;

  function redraw() {
    if (!size) return;
    context.setTransform(size.ratio, 0, 0, size.ratio, 0, 0);
    context.clearRect(0, 0, size.width, size.height);
    draw(context, size.width, size.height);
  }

  new ResizeObserver(([entry]) => {
    const { width, height } = entry.contentRect;
    if (!width || !height) {
      size = null;
      return;
    }
    const ratio = window.devicePixelRatio || 1;
    size = { width, height, ratio };
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    redraw();
  }).observe(canvas);
  return { redraw };
}

/** Maps a range of values onto a range of pixels. */
export function axis(low, high, from, to) {
  return (v) => from + ((v - low) / (high - low)) * (to - from);
}

/**
 * The canvas in `root` as a picture of state.picture for networks with `inputs` inputs, over the
 * data set's rows: hidden for other networks, redrawn only when the picture, the rows or the
 * current example change. draw(context, width, height, shown) paints; describe(canvas, picture)
 * writes its labels.
 */
export function createPicturePlot(root, inputs, { draw, describe }) {
  const canvas = root.querySelector("canvas");
  let shown = null;
  const plot = createPlotCanvas(canvas, (context, width, height) => {
    if (shown) draw(context, width, height, shown);
  });

  function render(state) {
    const { picture, dataRows, exampleIndex, network } = state;
    const visible = Boolean(picture && picture.inputs === inputs);
    root.hidden = !visible;
    if (!visible) {
      shown = null;
      return;
    }
    const rows = rowsFit(dataRows, network) ? dataRows : null;
    if (shown && shown.picture === picture && shown.rows === rows && shown.example === exampleIndex) return;
    const values = shown && shown.picture === picture ? shown.values : unpack(picture.outputs[0]);
    shown = { picture, values, rows, example: exampleIndex };
    canvas.dataset.resolution = String(picture.resolution);
    canvas.dataset.step = String(picture.step);
    exposeValues(canvas, values, picture);
    describe(canvas, picture);
    plot.redraw();
  }

  return { render };
}
