// One first-layer neuron of an image network, as two side x side pictures, one pixel per incoming
// weight: its weights w_jk^(1) ("what this neuron looks for") and, for the current example, its row
// of dC_0/dW^(1) (delta_j x a_k: what this example asks the neuron to change), both from the server
// (the network's weights and /backprop's grad_w, or a live frame's). Point at a pixel for its
// numbers; click it (or Enter on the keyboard cursor) to open that weight's three factors.
import { colorRgb, createScale } from "../drawing/color-scale.js";
import { drawnValues, largestMagnitude } from "../drawing/drawn-values.js";
import { el, value } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";
import { imageSideOf } from "../drawing/image-layout.js";

const ARROWS = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };

/** The first-layer neuron to picture ({ j, k }: k the selected weight's pixel, or null), or null. */
export function neuronImageTarget(state) {
  const side = imageSideOf(state.network, state.datasets);
  if (!side) return null;
  const { neuron, selected } = state;
  if (neuron && neuron.layer === 1) return { side, j: neuron.j, k: null };
  if (selected && selected.layer === 1) return { side, j: selected.j, k: selected.k };
  return null;
}

/** One picture: a side x side canvas scaled up, with the selected pixel's mark and the keyboard cursor. */
function createPicture(kind, caption, onPick, onPoint) {
  const canvas = el("canvas", "neuron-image-canvas");
  canvas.dataset.role = `${kind}-image`;
  canvas.tabIndex = 0;
  canvas.setAttribute("role", "img");
  const mark = el("div", "pixel-mark");
  const cursor = el("div", "pixel-cursor");
  mark.hidden = true;
  cursor.hidden = true;
  const frame = el("div", "pixel-frame", canvas, mark, cursor);
  const scaleNote = el("span", "small muted", "");
  const figure = el("figure", `neuron-image ${kind}`, frame, el("figcaption", "small", ...caption, " ", scaleNote));
  let side = 0;
  let at = 0;

  const pixelOf = (event) => {
    const box = canvas.getBoundingClientRect();
    const column = Math.floor(((event.clientX - box.left) / box.width) * side);
    const row = Math.floor(((event.clientY - box.top) / box.height) * side);
    return column >= 0 && row >= 0 && column < side && row < side ? row * side + column : -1;
  };
  const place = (box, k) => {
    box.hidden = k === null || k < 0;
    if (box.hidden) return;
    Object.assign(box.style, {
      left: `${((k % side) * 100) / side}%`, top: `${(Math.floor(k / side) * 100) / side}%`,
      width: `${100 / side}%`, height: `${100 / side}%`,
    });
  };
  canvas.addEventListener("click", (event) => {
    const k = pixelOf(event);
    if (k !== -1) onPick(k);
  });
  canvas.addEventListener("pointermove", (event) => onPoint(pixelOf(event)));
  canvas.addEventListener("pointerleave", () => onPoint(-1));
  // A click focuses the canvas too: the keyboard cursor starts where it landed, and shows only for keys.
  canvas.addEventListener("pointerdown", (event) => {
    const k = pixelOf(event);
    if (k !== -1) at = k;
  });
  canvas.addEventListener("focus", () => {
    if (!canvas.matches(":focus-visible")) return;
    place(cursor, at);
    onPoint(at);
  });
  canvas.addEventListener("blur", () => place(cursor, null));
  canvas.addEventListener("keydown", (event) => {
    const step = ARROWS[event.key];
    if (step) {
      const row = Math.min(side - 1, Math.max(0, Math.floor(at / side) + step[0]));
      const column = Math.min(side - 1, Math.max(0, (at % side) + step[1]));
      at = row * side + column;
      place(cursor, at);
      onPoint(at);
    } else if (event.key === "Enter" || event.key === " ") onPick(at);
    else return;
    event.preventDefault();
  });

  return {
    figure,
    canvas,
    /** Paints `values` (side x side, row by row) on a diverging scale: intensity(v) in [0, 1]. */
    draw(values, n, intensity, note, label) {
      if (side !== n) {
        side = n;
        canvas.width = n;
        canvas.height = n;
        at = Math.min(at, n * n - 1);
      }
      const image = canvas.getContext("2d").createImageData(n, n);
      for (let i = 0; i < n * n; i += 1) {
        const v = values[i];
        image.data.set([...colorRgb(v < 0 ? -1 : 1, Number.isFinite(v) ? intensity(v) : 0), 255], 4 * i);
      }
      canvas.getContext("2d").putImageData(image, 0, 0);
      scaleNote.textContent = note;
      canvas.setAttribute("aria-label", label);
    },
    mark: (k) => place(mark, k),
  };
}

export function createNeuronImages(root, actions) {
  let target = null;
  let shown = null;
  let rows = null;
  const heading = el("h3", "", "");
  const readout = el("p", "pixel-readout small", "");
  readout.dataset.role = "pixel-readout";
  readout.setAttribute("aria-live", "polite");
  const pick = (k) => target && actions.selectEdge({ layer: 1, j: target.j, k });
  const point = (k) => showPixel(k);
  const weights = createPicture("weight",
    ["Weights ", el("i", "", "w"), el("sub", "", "jk"), " into it: what it looks for."], pick, point);
  const gradient = createPicture("gradient",
    [el("i", "", "∂C₀/∂w"), el("sub", "", "jk"), " = δ", el("sub", "", "j"), " × ", el("i", "", "a"), el("sub", "", "k"),
      " for this example: what it asks to change (a step moves each weight against it)."], pick, point);
  root.replaceChildren(heading, el("div", "neuron-images", weights.figure, gradient.figure), readout,
    el("p", "small muted", "Blue negative, red positive, grey 0. Point at a pixel for its numbers; click one (or Tab to a picture, arrows, Enter) to open that weight's three factors."));

  function showPixel(k) {
    if (!rows || k < 0 || k >= rows.n) {
      readout.replaceChildren("Point at a pixel for its weight and gradient.");
      delete readout.dataset.k;
      return;
    }
    const { side } = target;
    readout.replaceChildren(`Pixel row ${Math.floor(k / side)}, column ${k % side} (k = ${k}): w = `,
      value(rows.w[k], { "data-term": "pixel-weight" }), ", ∂C₀/∂w = ",
      rows.g ? value(rows.g[k], { "data-term": "pixel-gradient" }) : "—", ", input a = ",
      rows.a ? value(rows.a[k], { "data-term": "pixel-input" }) : "—");
    readout.dataset.k = String(k);
  }

  function render(state) {
    target = neuronImageTarget(state);
    const drawn = drawnValues(state);
    if (!target || !drawn) return;
    const { side, j, k } = target;
    const n = side * side;
    if (shown && shown.drawn === drawn && shown.j === j && shown.k === k && shown.scale === state.scale && !root.hidden) return;
    shown = { drawn, j, k, scale: state.scale };
    rows = {
      n,
      w: drawn.weights.subarray(j * n, (j + 1) * n),
      g: drawn.gradW ? drawn.gradW.subarray(j * n, (j + 1) * n) : null,
      a: drawn.activations ? drawn.activations.subarray(0, n) : null,
    };
    heading.textContent = `Neuron ${j} of layer 1, pixel by pixel`;
    const wMax = largestMagnitude(rows.w);
    const wScale = createScale(wMax, "linear");
    weights.draw(rows.w, side, wScale.intensity, `(±${formatNumber(wMax, 3)})`,
      `The ${n} weights into neuron ${j} of layer 1 as a ${side}×${side} image`);
    const gMax = largestMagnitude(rows.g);
    const gScale = createScale(gMax, state.scale);
    gradient.draw(rows.g || new Float64Array(n), side, gScale.intensity,
      rows.g ? `(±${formatNumber(gMax, 3)}, ${state.scale})` : "(loading)",
      `This example's gradient for the ${n} weights into neuron ${j} of layer 1 as a ${side}×${side} image`);
    for (const [picture, max] of [[weights, wMax], [gradient, gMax]]) {
      Object.assign(picture.canvas.dataset, { j: String(j), side: String(side), max: String(max), live: String(drawn.live) });
      picture.mark(k);
    }
    root.dataset.j = String(j);
    root.hidden = false;
    showPixel(readout.dataset.k === undefined ? -1 : Number(readout.dataset.k));
  }

  return { render };
}
