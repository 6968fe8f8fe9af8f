// Keyboard moves over the drawing. Weights and neurons each keep a roving tabindex, so Tab enters
// the drawing once and arrows move inside it; a canvas-drawn network has no element per weight, so
// there the arrows move the view's weight cursor instead.
import { edgeCount, weightAt, weightIndex } from "./drawn-values.js";

/** Arrow keys on a neuron: [layers, neurons] to move. */
const NEURON_STEPS = { ArrowDown: [0, 1], ArrowUp: [0, -1], ArrowRight: [1, 0], ArrowLeft: [-1, 0] };

/**
 * What a key on weight `edge` (at flat `index`) does: { select: true }, { to: flat index } (not
 * clamped), {} for a key that is used but goes nowhere (an arrow past the first or last weight
 * layer), or null for a key the drawing leaves to the page. Across layers the weight keeps its j
 * and k where the other layer has them, so left-right-left comes back to the same weight.
 */
export function weightKeyMove(layers, edge, index, key) {
  const sameSpot = (layer) => weightIndex(layers, {
    layer, j: Math.min(edge.j, layers[layer] - 1), k: Math.min(edge.k, layers[layer - 1] - 1),
  });
  switch (key) {
    case "Enter":
    case " ": return { select: true };
    case "ArrowDown": return { to: index + 1 };
    case "ArrowUp": return { to: index - 1 };
    case "ArrowRight": return edge.layer < layers.length - 1 ? { to: sameSpot(edge.layer + 1) } : {};
    case "ArrowLeft": return edge.layer > 1 ? { to: sameSpot(edge.layer - 1) } : {};
    case "Home": return { to: 0 };
    case "End": return { to: edgeCount(layers) - 1 };
    default: return null;
  }
}

/** What a key on a neuron does: { open: true }, { layer, j } to move to (not clamped), or null. */
export function neuronKeyMove({ layer, j }, key) {
  if (key === "Enter" || key === " ") return { open: true };
  const step = NEURON_STEPS[key];
  return step ? { layer: layer + step[0], j: j + step[1] } : null;
}

/**
 * Wires the keys on the drawing's SVG. `cursor` is the view's canvas weight cursor:
 * { active() (is the network on a canvas), index(), move(index) }. `onOpened(kind, target, opener)`
 * hears what Enter opened ("weight" or "neuron") and from which element, for Escape to go back to.
 */
export function createKeyboardNav(canvas, { onSelect, onNeuron, onOpened = () => {}, cursor }) {
  let layers = [];
  let edges = [];
  let neurons = [];
  let focusIndex = 0;
  let neuronFocus = [0, 0];

  /** After the view rebuilds its elements: the first weight and first neuron take the tab stop. */
  function reset(shapeLayers, edgeList, neuronRows) {
    layers = shapeLayers;
    edges = edgeList;
    neurons = neuronRows;
    focusIndex = 0;
    neuronFocus = [0, 0];
    if (edges.length) edges[0].group.setAttribute("tabindex", 0);
  }

  function focusEdge(index) {
    if (!edges.length) return;
    const target = Math.max(0, Math.min(edges.length - 1, index));
    edges[focusIndex]?.group.setAttribute("tabindex", -1);
    focusIndex = target;
    edges[target].group.setAttribute("tabindex", 0);
    edges[target].group.focus();
  }

  function focusNeuron(layer, j) {
    const l = Math.max(0, Math.min(neurons.length - 1, layer));
    const i = Math.max(0, Math.min(neurons[l].length - 1, j));
    neurons[neuronFocus[0]]?.[neuronFocus[1]]?.group.setAttribute("tabindex", -1);
    neuronFocus = [l, i];
    neurons[l][i].group.setAttribute("tabindex", 0);
    neurons[l][i].group.focus();
  }

  function edgeFromEvent(event) {
    const group = event.target.closest(".edge");
    return group ? edges.find((e) => e.group === group) : null;
  }

  function neuronFromEvent(event) {
    const group = event.target.closest(".neuron");
    return group ? { layer: Number(group.dataset.layer), j: Number(group.dataset.j), group } : null;
  }

  /** Keys on a weight, SVG element or canvas cursor alike (the SVG edges are built in flat order). */
  function weightKey(event, edge, index, move, opener) {
    const action = weightKeyMove(layers, edge, index, event.key);
    if (!action) return;
    if (action.select) {
      const target = { layer: edge.layer, j: edge.j, k: edge.k };
      onSelect(target);
      // Enter goes to the breakdown (Escape comes back); Space selects and stays in the drawing.
      if (event.key === "Enter") onOpened("weight", target, opener);
    } else if (action.to !== undefined) move(action.to);
    event.preventDefault();
  }

  canvas.addEventListener("keydown", (event) => {
    if (cursor.active() && event.target === canvas) weightKey(event, weightAt(layers, cursor.index()), cursor.index(), cursor.move, canvas);
  });

  canvas.addEventListener("keydown", (event) => {
    const neuron = neuronFromEvent(event);
    if (!neuron) return;
    const action = neuronKeyMove(neuron, event.key);
    if (!action) return;
    if (action.open) {
      const target = { layer: neuron.layer, j: neuron.j };
      onNeuron(target);
      onOpened("neuron", target, neuron.group);
    } else focusNeuron(action.layer, action.j);
    event.preventDefault();
  });

  canvas.addEventListener("keydown", (event) => {
    const edge = edgeFromEvent(event);
    if (edge) weightKey(event, edge, focusIndex, focusEdge, edge.group);
  });

  // Tab (or a click) can land on a weight other than the tab stop: that one becomes the stop.
  canvas.addEventListener("focusin", (event) => {
    const edge = edgeFromEvent(event);
    if (edge && edges.indexOf(edge) !== focusIndex) {
      edges[focusIndex]?.group.setAttribute("tabindex", -1);
      focusIndex = edges.indexOf(edge);
      edge.group.setAttribute("tabindex", 0);
    }
  });

  return { reset, focusEdge, focusNeuron, edgeFromEvent, neuronFromEvent };
}
