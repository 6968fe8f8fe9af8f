// The "top |gradient|" list: the weights with the largest |dC0/dw| for the current example, a way
// to reach the weights that matter in a network too big to click through. Rows are reused, so a
// live frame only rewrites ten rows' text.
import { drawnValues, weightAt } from "./drawn-values.js";
import { formatNumber, fullPrecision } from "../lib/format.js";
import { createPace } from "../lib/live-pace.js";
import { setAttr, setText } from "../lib/quiet-writes.js";

const SIZE = 10;

/** Flat indices of the `size` largest |values|, largest first; ties go to the lower index. */
export function largestIndices(values, size) {
  const top = [];
  for (let i = 0; i < values.length; i += 1) {
    const magnitude = Math.abs(values[i]);
    if (!(magnitude >= 0)) continue;
    if (top.length === size) {
      if (magnitude <= Math.abs(values[top[size - 1]])) continue;
      top.pop();
    }
    let at = top.push(i) - 1;
    while (at > 0 && Math.abs(values[top[at - 1]]) < magnitude) {
      top[at] = top[at - 1];
      top[at - 1] = i;
      at -= 1;
    }
  }
  return top;
}

export function createTopGradients(root, actions) {
  const list = root.querySelector("[data-role=top-list]");
  const rows = Array.from({ length: SIZE }, (_, rank) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "top-entry";
    button.dataset.rank = rank;
    const name = document.createElement("span");
    name.className = "top-name";
    const where = document.createElement("span");
    where.className = "top-where";
    const number = document.createElement("span");
    number.className = "top-value value";
    button.append(name, where, number);
    item.append(button);
    button.addEventListener("click", () => {
      const { layer, j, k } = button.dataset;
      actions.selectEdge({ layer: Number(layer), j: Number(j), k: Number(k) });
    });
    return { item, button, name, where, number };
  });
  let shownFor = null;
  let shownSelection;

  function render(state) {
    const values = drawnValues(state);
    const gradients = values && values.gradW;
    if (gradients === shownFor && state.selected === shownSelection) return;
    shownFor = gradients;
    shownSelection = state.selected;
    const top = gradients ? largestIndices(gradients, SIZE) : [];
    setAttr(root, "data-count", top.length);
    rows.forEach((row, rank) => {
      if (rank >= top.length) {
        row.item.remove();
        return;
      }
      const edge = weightAt(state.network.layers, top[rank]);
      const g = gradients[top[rank]];
      // data-layer is in the page's style rules: rewriting it, even unchanged, restyles the row.
      for (const [name, v] of [["layer", edge.layer], ["j", edge.j], ["k", edge.k], ["value", fullPrecision(g)]]) setAttr(row.button, `data-${name}`, v);
      setText(row.name, `w${edge.j},${edge.k}`);
      setText(row.where, `layer ${edge.layer}: neuron ${edge.k} → ${edge.j}`);
      setText(row.number, formatNumber(g, 4));
      const selected = state.selected && state.selected.layer === edge.layer && state.selected.j === edge.j && state.selected.k === edge.k;
      setAttr(row.button, "aria-pressed", selected ? "true" : "false");
      setAttr(row.button, "aria-label", `weight w${edge.j},${edge.k} of layer ${edge.layer}, from neuron ${edge.k} to neuron ${edge.j}: gradient ${formatNumber(g)}`);
      if (!row.item.isConnected) list.append(row.item);
    });
  }

  // Live at full speed the list changes at most READOUT_FPS times a second.
  return { render: createPace(render).render };
}
