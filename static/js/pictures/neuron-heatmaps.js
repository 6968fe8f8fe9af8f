// One small heatmap per hidden neuron: its activation a_j^(l) over the input plane (from the same
// /grid answer as the boundary), coloured like the boundary, so you can see which region of the
// plane each neuron responds to.
import { el } from "../lib/dom.js";
import { exposeValues, unpack } from "../api/packed.js";
import { activationScale, classColor, gridImage } from "./picture-colors.js";

export function createNeuronHeatmaps(root) {
  const list = root.querySelector("[data-role=heatmap-list]");
  const note = root.querySelector("[data-role=heatmap-note]");
  let shape = "";
  let tiles = [];
  let drawn = null;

  function build(layers) {
    tiles = [];
    list.replaceChildren(...layers.map((size, index) => {
      const layer = index + 1;
      const row = el("div", "heatmap-layer", el("span", "heatmap-label small muted", `layer ${layer}`));
      for (let j = 0; j < size; j += 1) {
        const canvas = el("canvas", "heatmap");
        canvas.dataset.layer = String(layer);
        canvas.dataset.j = String(j);
        canvas.setAttribute("role", "img");
        canvas.title = `neuron ${j} of layer ${layer}`;
        row.append(canvas);
        tiles.push(canvas);
      }
      return row;
    }));
  }

  function render(state) {
    const { picture, network } = state;
    // A live frame without heatmaps (a wide network) leaves the last ones up, marked stale.
    const stale = Boolean(picture && picture.live && !picture.hidden.length && drawn && drawn.networkId === picture.networkId);
    root.classList.toggle("is-stale", stale);
    if (stale) return;
    const hiddenNeurons = network ? network.layers.slice(1, -1).reduce((sum, n) => sum + n, 0) : 0;
    root.hidden = !(picture && picture.inputs === 2 && hiddenNeurons > 0);
    if (root.hidden || picture === drawn) return;
    drawn = picture;
    const tooMany = !picture.hidden.length;
    note.hidden = !tooMany;
    note.textContent = `${hiddenNeurons} hidden neurons are too many to draw one heatmap each.`;
    const sizes = picture.hidden.map((layer) => layer.length);
    if (sizes.join("-") !== shape) {
      shape = sizes.join("-");
      build(sizes);
    }
    const { resolution } = picture;
    let t = 0;
    picture.hidden.forEach((layer, index) => {
      const neurons = layer.map(unpack);
      const peak = Math.max(0, ...neurons.map((values) => values.reduce((m, v) => Math.max(m, Math.abs(v) || 0), 0)));
      const scale = activationScale(network.hidden_activation, peak);
      neurons.forEach((values, j) => {
        const canvas = tiles[t];
        t += 1;
        canvas.width = resolution;
        canvas.height = resolution;
        canvas.getContext("2d").putImageData(gridImage(values, resolution, (a) => classColor(scale(a))), 0, 0);
        exposeValues(canvas, values, picture);
        canvas.setAttribute("aria-label", `What neuron ${j} of layer ${index + 1} responds to: its activation over the input plane, orange where high, blue where low.`);
      });
    });
  }

  return { render };
}
