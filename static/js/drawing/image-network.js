// An image network's drawing (digits 8x8, mnist 28x28): the input layer drawn as the example's
// image (one pixel per input neuron; a click on a pixel selects that input), the selected pixel's
// weights into layer 1, and the outputs labelled 0-9 with their bars. network-view.js calls it; for
// other networks it only hands back layout()'s geometry.
import { blend } from "./color-scale.js";
import { imageLayout, imageSideOf, pixelAt } from "./image-layout.js";
import { layout } from "./layout.js";
import { neuronFlags } from "../panel/zero-flags.js";
import { createOutputDigits } from "./output-digits.js";
import { svg } from "../lib/dom.js";

const argmax = (values) => values.reduce((best, v, i) => (v > values[best] ? i : best), 0);
const NEUTRAL_EDGE = "#d4d8de";
// The pixel's ink as a neuron's shading (activationFill): 0 white, 1 dark slate.
const PAPER = [255, 255, 255];
const INK = [45, 52, 84];

export function createImageNetwork(figure) {
  // The image sits above the edges (they start under it, at the pixels) and below the SVG's neurons.
  const image = document.createElement("canvas");
  image.className = "input-image";
  image.dataset.role = "input-image";
  image.setAttribute("aria-hidden", "true");
  image.hidden = true;
  (figure.querySelector(".edge-canvas") || figure.firstChild)?.after(image);
  const context = image.getContext("2d");
  let overlay = null;
  let pixelGroup = null;
  let outputs = null;
  let side = null;
  let geometry = null;
  let drawnPixels = null;
  let last = null;
  let outputsOf = null;

  function ensureOverlay() {
    if (overlay) return;
    // Above the network's SVG, so the selected pixel's weights show over the image; it takes no clicks.
    overlay = svg("svg", { class: "image-overlay" });
    figure.append(overlay);
    pixelGroup = svg("g", { class: "pixel-weights" }, overlay);
    outputs = createOutputDigits(overlay);
  }

  /** The image side for the state's network (null: not an image network); marks the drawing. */
  function sideOf(state) {
    side = imageSideOf(state.network, state.datasets);
    if (side) figure.dataset.inputImage = String(side);
    else delete figure.dataset.inputImage;
    image.hidden = !side;
    if (overlay) overlay.hidden = !side;
    return side;
  }

  function place(shapeGeometry, width, height) {
    geometry = shapeGeometry;
    if (!side) return;
    ensureOverlay();
    overlay.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const box = geometry.image;
    Object.assign(image.style, { left: `${box.left}px`, top: `${box.top}px`, width: `${box.size}px`, height: `${box.size}px` });
    image.dataset.side = String(side);
    if (image.width !== side) {
      image.width = side;
      image.height = side;
      drawnPixels = null;
    }
    outputs.place(geometry);
    if (last) render(last.state, last.drawn, last.scale, true);
  }

  /** The example's pixels, redrawn only when they change (a live frame keeps the same example). */
  function drawPixels(x) {
    const n = side * side;
    if (drawnPixels && drawnPixels.length === n && drawnPixels.every((v, i) => v === x[i])) return;
    drawnPixels = Float64Array.from(x.subarray ? x.subarray(0, n) : x.slice(0, n));
    const data = context.createImageData(side, side);
    for (let i = 0; i < n; i += 1) {
      const t = Number.isFinite(drawnPixels[i]) ? Math.min(1, Math.max(0, drawnPixels[i])) : 0;
      data.data.set([...blend(PAPER, INK, t), 255], 4 * i);
    }
    context.putImageData(data, 0, 0);
  }

  /** A selected input pixel: its outline and its weights into layer 1, coloured by their gradients. */
  function drawPixelWeights(state, drawn, scale) {
    pixelGroup.replaceChildren();
    const { neuron } = state;
    if (!neuron || neuron.layer !== 0 || neuron.j >= side * side) return;
    const k = neuron.j;
    const from = geometry.positions[0][k];
    const n0 = side * side;
    geometry.positions[1].forEach((to, j) => {
      const g = drawn.gradW ? drawn.gradW[j * n0 + k] : 0;
      svg("line", { x1: from.x, y1: from.y, x2: to.x, y2: to.y, class: "pixel-edge-halo" }, pixelGroup);
      const line = svg("line", {
        x1: from.x, y1: from.y, x2: to.x, y2: to.y, class: "pixel-edge highlighted", "data-highlighted": "true",
        "data-layer": 1, "data-j": j, "data-k": k, "data-gradient": String(g),
        stroke: drawn.gradW ? scale.color(g) : NEUTRAL_EDGE,
      }, pixelGroup);
      line.setAttribute("stroke-width", "2");
    });
    const p = geometry.image.pixel;
    svg("rect", { x: from.x - p / 2, y: from.y - p / 2, width: p, height: p, class: "pixel-outline" }, pixelGroup);
  }

  function render(state, drawn, scale, force = false) {
    if (!side || !geometry || !geometry.image || !drawn) return;
    if (!force && last && last.drawn === drawn && last.state.neuron === state.neuron && last.scale === scale
        && last.state.pass === state.pass) return;
    last = { state, drawn, scale };
    if (drawn.activations) drawPixels(drawn.activations);
    drawPixelWeights(state, drawn, scale);
    const { network, pass, frame } = state;
    // A click on a weight changes neither: the bars stay as they are.
    if (!force && outputsOf && outputsOf.drawn === drawn && outputsOf.pass === pass) return;
    outputsOf = { drawn, pass };
    const L = network.layers.length - 1;
    // Live, the frame's float64 outputs; otherwise the pass's, exactly as the server sent them.
    const values = drawn.live ? frame.output.map((v) => (v === null ? NaN : v)) : pass ? pass.a[L] : null;
    const label = pass ? argmax(pass.y) : null;
    const flags = !drawn.live && pass ? pass.a[L].map((_, d) => neuronFlags(network, pass, L, d)) : null;
    outputs.render(values, label, flags);
  }

  return {
    sideOf,
    side: () => side,
    /** The geometry for a width x height drawing: the image layout, or layout()'s. */
    layout: (layers, width, height) => (side ? imageLayout(layers, width, height, side) : layout(layers, width, height)),
    place,
    render,
    /** The input neuron ({layer: 0, j}) whose pixel a pointer event on `svg` is over, or null. */
    inputAt(event, svgElement) {
      if (!side || !geometry) return null;
      const box = svgElement.getBoundingClientRect();
      const j = pixelAt(geometry.image, event.clientX - box.left, event.clientY - box.top);
      return j === -1 ? null : { layer: 0, j };
    },
  };
}
