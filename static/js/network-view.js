// The drawing: neurons in columns, one clickable, focusable element per weight.
import { activationFill, gradientScale } from "./color-scale.js";
import { formatCompact, formatNumber } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
const MARGIN_X = 70;
const TOP = 50;
const BOTTOM = 26;

function svg(tag, attributes = {}, parent = null) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (parent) parent.appendChild(element);
  return element;
}

function setAll(element, attributes) {
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
}

/** Where every neuron sits, in pixels of a width x height drawing. */
function layout(layers, width, height) {
  const last = layers.length - 1;
  const tallest = Math.max(...layers);
  const usable = Math.max(40, height - TOP - BOTTOM);
  const spacing = Math.min(110, usable / tallest);
  const radius = Math.max(3, Math.min(28, spacing * 0.34));
  const middle = TOP + usable / 2;
  const span = Math.max(0, width - 2 * MARGIN_X);
  return {
    radius,
    positions: layers.map((n, l) => Array.from({ length: n }, (_, i) => ({
      x: last === 0 ? width / 2 : MARGIN_X + (l * span) / last,
      y: middle + (i - (n - 1) / 2) * spacing,
    }))),
  };
}

/** How lit a neuron looks, 0..1, given its layer's activation and values. */
function brightness(value, activation, layerValues) {
  if (activation === "sigmoid") return value;
  if (activation === "tanh") return (value + 1) / 2;
  const peak = Math.max(1, ...layerValues.map(Math.abs));
  if (activation === "relu") return value / peak;
  return 0.5 + value / (2 * peak); // linear and the input layer: 0 sits in the middle
}

const edgeKey = (layer, j, k) => `${layer}:${j}:${k}`;

export function createNetworkView(root, { onSelect }) {
  const figure = root.querySelector("[data-role=drawing]");
  const tooltip = root.querySelector("[data-role=tooltip]");
  let shape = null;
  let edges = [];
  let neurons = [];
  let labels = [];
  let selectionLayer = null;
  let geometry = null;
  let current = null;
  let focusIndex = 0;

  const canvas = svg("svg", { class: "network-svg", role: "group" }, figure);

  function build(network) {
    canvas.replaceChildren();
    const last = network.layers.length - 1;
    canvas.setAttribute("aria-label", `Network ${network.layers.join("-")}: ${last} weight layers. Tab to the weights, arrows to move, Enter to inspect.`);

    const labelGroup = svg("g", { class: "layer-labels" }, canvas);
    labels = network.layers.map((_, l) => {
      const role = l === 0 ? "input" : l === last ? `output · ${network.output_activation}` : network.hidden_activation;
      const title = svg("text", { y: 18, "text-anchor": "middle", class: "layer-label" }, labelGroup);
      title.textContent = `layer ${l}`;
      const sub = svg("text", { y: 35, "text-anchor": "middle", class: "layer-sublabel" }, labelGroup);
      sub.textContent = role;
      return [title, sub];
    });

    const edgeGroup = svg("g", { class: "edges" }, canvas);
    edges = [];
    for (let l = 1; l <= last; l += 1) {
      for (let j = 0; j < network.layers[l]; j += 1) {
        for (let k = 0; k < network.layers[l - 1]; k += 1) {
          const group = svg("g", {
            class: "edge", "data-layer": l, "data-j": j, "data-k": k, tabindex: -1, role: "button",
          }, edgeGroup);
          const lines = ["edge-halo", "edge-line", "edge-hit"].map((name) => svg("line", { class: name }, group));
          edges.push({ layer: l, j, k, group, line: lines[1], lines, ends: null });
        }
      }
    }
    selectionLayer = svg("g", { class: "selection", "aria-hidden": "true" }, canvas);
    const neuronGroup = svg("g", { class: "neurons" }, canvas);
    neurons = network.layers.map((n, l) => Array.from({ length: n }, (_, i) => {
      const group = svg("g", { class: "neuron", "data-neuron-layer": l, "data-neuron-index": i }, neuronGroup);
      const circle = svg("circle", {}, group);
      const text = svg("text", { "text-anchor": "middle", "dominant-baseline": "central", class: "neuron-value" }, group);
      group.addEventListener("pointerenter", () => showTooltip(l, i));
      group.addEventListener("pointerleave", hideTooltip);
      return { group, circle, text, position: null };
    }));
    focusIndex = 0;
    if (edges.length) edges[0].group.setAttribute("tabindex", 0);
    place();
  }

  /** Puts every element where the drawing's current size wants it. */
  function place() {
    if (!neurons.length) return;
    const width = figure.clientWidth || 600;
    const height = figure.clientHeight || 400;
    canvas.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const layers = neurons.map((row) => row.length);
    geometry = layout(layers, width, height);
    const { positions, radius } = geometry;
    labels.forEach(([title, sub], l) => {
      title.setAttribute("x", positions[l][0].x);
      sub.setAttribute("x", positions[l][0].x);
    });
    for (const e of edges) {
      const from = positions[e.layer - 1][e.k];
      const to = positions[e.layer][e.j];
      e.ends = { x1: from.x, y1: from.y, x2: to.x, y2: to.y };
      for (const line of e.lines) setAll(line, e.ends);
    }
    neurons.forEach((row, l) => row.forEach((n, i) => {
      n.position = positions[l][i];
      setAll(n.circle, { cx: n.position.x, cy: n.position.y, r: radius });
      setAll(n.text, { x: n.position.x, y: n.position.y, "font-size": Math.max(7, radius * 0.5) });
    }));
    if (current) drawSelection(current.selected);
  }

  new ResizeObserver(() => place()).observe(figure);

  function moveFocus(index) {
    if (!edges.length) return;
    const target = Math.max(0, Math.min(edges.length - 1, index));
    edges[focusIndex]?.group.setAttribute("tabindex", -1);
    focusIndex = target;
    edges[target].group.setAttribute("tabindex", 0);
    edges[target].group.focus();
  }

  function indexOf(layer, j, k) {
    return edges.findIndex((e) => e.layer === layer && e.j === j && e.k === k);
  }

  function edgeFromEvent(event) {
    const group = event.target.closest(".edge");
    return group ? edges.find((e) => e.group === group) : null;
  }

  canvas.addEventListener("click", (event) => {
    const edge = edgeFromEvent(event);
    if (!edge) return;
    moveFocus(edges.indexOf(edge));
    onSelect({ layer: edge.layer, j: edge.j, k: edge.k });
  });

  canvas.addEventListener("keydown", (event) => {
    const edge = edgeFromEvent(event);
    if (!edge) return;
    const layers = shape.layers;
    const sameSpot = (layer) => indexOf(layer, Math.min(edge.j, layers[layer] - 1), Math.min(edge.k, layers[layer - 1] - 1));
    let handled = true;
    switch (event.key) {
      case "Enter":
      case " ":
        onSelect({ layer: edge.layer, j: edge.j, k: edge.k });
        break;
      case "ArrowDown": moveFocus(focusIndex + 1); break;
      case "ArrowUp": moveFocus(focusIndex - 1); break;
      case "ArrowRight": if (edge.layer < layers.length - 1) moveFocus(sameSpot(edge.layer + 1)); break;
      case "ArrowLeft": if (edge.layer > 1) moveFocus(sameSpot(edge.layer - 1)); break;
      case "Home": moveFocus(0); break;
      case "End": moveFocus(edges.length - 1); break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  canvas.addEventListener("focusin", (event) => {
    const edge = edgeFromEvent(event);
    if (edge && edges.indexOf(edge) !== focusIndex) {
      edges[focusIndex]?.group.setAttribute("tabindex", -1);
      focusIndex = edges.indexOf(edge);
      edge.group.setAttribute("tabindex", 0);
    }
  });

  function showTooltip(l, i) {
    if (!current || !current.pass) return;
    const { pass, network } = current;
    const a = pass.a[l][i];
    const lines = l === 0
      ? [`input x${i} = a${i}⁽⁰⁾`, `a = ${formatNumber(a, 5)}`]
      : [`neuron ${i} of layer ${l}`, `z = ${formatNumber(pass.z[l - 1][i], 5)}`, `a = ${formatNumber(a, 5)}`];
    if (l === network.layers.length - 1 && pass.y) lines.push(`y = ${formatNumber(pass.y[i], 5)}`);
    tooltip.replaceChildren(...lines.map((line) => {
      const div = document.createElement("div");
      div.textContent = line;
      return div;
    }));
    const box = neurons[l][i].circle.getBoundingClientRect();
    const frame = root.getBoundingClientRect();
    tooltip.hidden = false;
    tooltip.style.left = `${box.right - frame.left + 8}px`;
    tooltip.style.top = `${box.top - frame.top}px`;
  }

  function hideTooltip() {
    tooltip.hidden = true;
  }

  function drawSelection(selected) {
    const group = selectionLayer;
    group.replaceChildren();
    for (const row of neurons) for (const n of row) n.group.classList.remove("is-source", "is-destination");
    for (const e of edges) e.group.classList.remove("is-selected");
    if (!selected) return;
    const edge = edges[indexOf(selected.layer, selected.j, selected.k)];
    if (!edge) return;
    edge.group.classList.add("is-selected");
    edge.group.setAttribute("aria-pressed", "true");
    // Redrawn above all other edges so crossings never hide the selected one.
    svg("line", { ...edge.ends, class: "selection-halo" }, group);
    svg("line", {
      ...edge.ends, class: "selection-line", stroke: edge.line.getAttribute("stroke"),
      "stroke-width": Math.max(3, Number(edge.line.getAttribute("stroke-width"))),
    }, group);
    const source = neurons[selected.layer - 1][selected.k];
    const destination = neurons[selected.layer][selected.j];
    source.group.classList.add("is-source");
    destination.group.classList.add("is-destination");
    const r = geometry.radius;
    const tag = (n, text) => {
      const t = svg("text", { x: n.position.x, y: n.position.y + r + 14, "text-anchor": "middle", class: "neuron-tag" }, group);
      t.textContent = text;
    };
    tag(source, `source k=${selected.k}`);
    tag(destination, `destination j=${selected.j}`);
  }

  function render(state) {
    const { network, pass, selected } = state;
    if (!network) return;
    figure.dataset.networkId = network.id;
    figure.dataset.step = network.step;
    figure.setAttribute("aria-busy", state.pending > 0 ? "true" : "false");
    if (!shape || shape.id !== network.id || shape.layers.join() !== network.layers.join()) {
      build(network);
      shape = { id: network.id, layers: network.layers };
    }
    current = { network, pass, selected };
    const gradients = pass ? pass.grad_w : null;
    const maxWeight = Math.max(0, ...network.weights.flat(2).map(Math.abs));
    const scale = gradientScale(state);
    for (const e of edges) {
      const w = network.weights[e.layer - 1][e.j][e.k];
      const g = gradients ? gradients[e.layer - 1][e.j][e.k] : 0;
      e.line.setAttribute("stroke", gradients ? scale.color(g) : "#d4d8de");
      const width = maxWeight > 0 ? 0.75 + (5.25 * Math.abs(w)) / maxWeight : 1.5;
      e.line.setAttribute("stroke-width", width.toFixed(2));
      e.group.setAttribute("data-gradient", String(g));
      e.group.setAttribute("aria-pressed", "false");
      e.group.setAttribute("aria-label", `weight w${e.j}${e.k} of layer ${e.layer}, from neuron ${e.k} of layer ${e.layer - 1} to neuron ${e.j} of layer ${e.layer}: w = ${formatNumber(w)}, gradient ${formatNumber(g)}`);
    }
    const last = network.layers.length - 1;
    neurons.forEach((row, l) => {
      const activation = l === 0 ? "input" : l === last ? network.output_activation : network.hidden_activation;
      const values = pass ? pass.a[l] : null;
      row.forEach((n, i) => {
        const a = values ? values[i] : null;
        const t = a === null ? 0 : brightness(a, activation, values);
        n.circle.setAttribute("fill", activationFill(t));
        n.group.classList.toggle("is-lit", t > 0.55);
        n.text.textContent = a === null || geometry.radius < 12 ? "" : formatCompact(a);
        n.group.setAttribute("data-a", a === null ? "" : String(a));
        n.group.setAttribute("data-z", l === 0 || !pass ? "" : String(pass.z[l - 1][i]));
        n.group.setAttribute("aria-label", a === null ? `neuron ${i} of layer ${l}` : `neuron ${i} of layer ${l}: a = ${formatNumber(a)}`);
      });
    });
    drawSelection(selected);
  }

  return { render };
}
