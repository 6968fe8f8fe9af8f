// The drawing: neurons in columns, one clickable, focusable element per weight (or, for a big
// network, every weight on one canvas under the neurons, picked by the nearest edge to a click).
import { activationFill, gradientScale } from "./color-scale.js";
import { svg } from "../lib/dom.js";
import { drawnValues, edgeCount, largestMagnitude, weightAt, weightIndex } from "./drawn-values.js";
import { CANVAS_EDGES, createEdgeCanvas } from "./edge-canvas.js";
import { formatCompact, formatNumber, plural } from "../lib/format.js";
import { createImageNetwork } from "./image-network.js";
import { createKeyboardNav } from "./keyboard-nav.js";
import { createLayerHeadings } from "./layer-headings.js";
import { createInputLabels, featureLabel } from "./input-labels.js";
import { brightness, edgeWidth } from "./layout.js";
import { FLAG_MARKS, edgeZeroReason, neuronFlags } from "../panel/zero-flags.js";
import { setAttr } from "../lib/quiet-writes.js";

const NEUTRAL_EDGE = "#d4d8de";

function setAll(element, attributes) {
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
}

export function createNetworkView(root, { onSelect, onNeuron = () => {}, onOpened = () => {} }) {
  const figure = root.querySelector("[data-role=drawing]");
  const tooltip = root.querySelector("[data-role=tooltip]");
  let shape = null;
  let edges = [];
  let neurons = [];
  let headings = null, inputLabels = null;
  let selectionLayer = null;
  let highlightLayer = null;
  let highlighted = null;
  let geometry = null;
  let current = null;
  let onCanvas = false;
  let cursor = 0;
  let flagged = {};
  let highlightDrawn = {};

  const edgeCanvas = createEdgeCanvas(figure);
  const images = createImageNetwork(figure);
  const canvas = svg("svg", { class: "network-svg", role: "group" }, figure);
  const cursorNote = document.createElement("p");
  cursorNote.className = "visually-hidden";
  cursorNote.setAttribute("aria-live", "polite");
  figure.append(cursorNote);
  const nav = createKeyboardNav(canvas, {
    onSelect, onNeuron, onOpened, cursor: { active: () => onCanvas, index: () => cursor, move: moveCursor },
  });

  function build(network) {
    current = null;
    canvas.replaceChildren();
    const last = network.layers.length - 1;
    const count = edgeCount(network.layers);
    // An image's edges start under it, at its pixels: only a canvas can sit below the image.
    onCanvas = count > CANVAS_EDGES || Boolean(images.side());
    cursor = 0;
    figure.dataset.renderer = onCanvas ? "canvas" : "svg";
    figure.dataset.edges = count;
    for (const name of ["selectedLayer", "selectedJ", "selectedK", "cursorLayer", "cursorJ", "cursorK"]) delete figure.dataset[name];
    canvas.setAttribute("aria-label", onCanvas
      ? `Network ${network.layers.join("-")}: ${plural(count, "weight")} in ${plural(last, "layer")}, drawn on a canvas. Arrow keys move a weight cursor (up and down within a layer, left and right across layers), Enter inspects it; or click a weight.`
      : `Network ${network.layers.join("-")}: ${plural(last, "weight layer")}. Tab to the weights, arrows to move, Enter to inspect.`);
    if (onCanvas) canvas.setAttribute("tabindex", 0);
    else canvas.removeAttribute("tabindex");

    headings = createLayerHeadings(svg("g", { class: "layer-labels" }, canvas));
    headings.build(network.layers.map((_, l) => (l === 0 ? { role: "input" }
      : { role: l === last ? "output" : "hidden", activation: l === last ? network.output_activation : network.hidden_activation })));

    inputLabels = createInputLabels(svg("g", { class: "input-labels" }, canvas), network);
    const edgeGroup = svg("g", { class: "edges" }, canvas);
    edges = [];
    for (let l = 1; l <= last && !onCanvas; l += 1) {
      for (let j = 0; j < network.layers[l]; j += 1) {
        for (let k = 0; k < network.layers[l - 1]; k += 1) {
          const group = svg("g", {
            class: "edge", "data-layer": l, "data-j": j, "data-k": k, tabindex: -1, role: "button", "aria-pressed": "false",
          }, edgeGroup);
          const lines = ["edge-halo", "edge-line", "edge-hit"].map((name) => svg("line", { class: name }, group));
          edges.push({ layer: l, j, k, group, line: lines[1], lines, ends: null });
        }
      }
    }
    // The selected weight and the keyboard cursor are drawn above the edges, canvas or not.
    selectionLayer = svg("g", { class: "selection", "aria-hidden": "true" }, canvas);
    highlightLayer = svg("g", { class: "highlights", "aria-hidden": "true" }, canvas);
    const neuronGroup = svg("g", { class: "neurons" }, canvas);
    neurons = network.layers.map((n, l) => Array.from({ length: n }, (_, i) => {
      const group = svg("g", {
        class: "neuron", "data-neuron-layer": l, "data-neuron-index": i, "data-layer": l, "data-j": i,
        tabindex: l === 0 && i === 0 ? 0 : -1, role: "button",
      }, neuronGroup);
      const circle = svg("circle", {}, group);
      const text = svg("text", { "text-anchor": "middle", "dominant-baseline": "central", class: "neuron-value" }, group);
      const mark = svg("text", { "text-anchor": "middle", class: "flag-mark" }, group);
      group.addEventListener("pointerenter", () => showTooltip(l, i));
      group.addEventListener("pointerleave", hideTooltip);
      group.addEventListener("focus", () => showTooltip(l, i));
      group.addEventListener("blur", hideTooltip);
      return { group, circle, text, mark, position: null };
    }));
    nav.reset(network.layers, edges, neurons);
    place();
  }

  /** Puts every element where the drawing's current size wants it. */
  function place() {
    if (!neurons.length) return;
    const width = figure.clientWidth || 600;
    const height = figure.clientHeight || 400;
    canvas.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const layers = neurons.map((row) => row.length);
    geometry = images.layout(layers, width, height);
    const { positions, radius } = geometry;
    edgeCanvas.place(onCanvas ? positions : null, width, height, geometry.image ? geometry.image.left + geometry.image.size : 0);
    images.place(geometry, width, height);
    headings.place(geometry.columns || positions.map((row) => row[0].x), width);
    inputLabels.place(positions[0], radius);
    for (const e of edges) {
      const from = positions[e.layer - 1][e.k];
      const to = positions[e.layer][e.j];
      e.ends = { x1: from.x, y1: from.y, x2: to.x, y2: to.y };
      for (const line of e.lines) setAll(line, e.ends);
    }
    neurons.forEach((row, l) => row.forEach((n, i) => {
      n.position = positions[l][i];
      setAll(n.circle, { cx: n.position.x, cy: n.position.y, r: l === 0 && geometry.image ? geometry.image.pixel / 2 : radius });
      setAll(n.text, { x: n.position.x, y: n.position.y, "font-size": Math.max(7, radius * 0.5) });
      setAll(n.mark, { x: n.position.x, y: n.position.y - radius - 4 });
    }));
    if (current) {
      if (onCanvas) edgeCanvas.draw(current.gradW, current.scale);
      drawSelection(current.selected, current.neuron);
      drawHighlight(highlighted);
    }
  }

  new ResizeObserver(() => place()).observe(figure);

  function indexOf(layer, j, k) {
    return edges.findIndex((e) => e.layer === layer && e.j === j && e.k === k);
  }

  canvas.addEventListener("click", (event) => {
    const neuron = nav.neuronFromEvent(event) || images.inputAt(event, canvas);
    if (neuron) {
      nav.focusNeuron(neuron.layer, neuron.j);
      onNeuron({ layer: neuron.layer, j: neuron.j });
      return;
    }
    if (onCanvas) {
      const box = canvas.getBoundingClientRect();
      const index = edgeCanvas.nearest(event.clientX - box.left, event.clientY - box.top);
      if (index === -1) return;
      moveCursor(index);
      onSelect(edgeAt(index));
      return;
    }
    const edge = nav.edgeFromEvent(event);
    if (!edge) return;
    nav.focusEdge(edges.indexOf(edge));
    onSelect({ layer: edge.layer, j: edge.j, k: edge.k });
  });

  /** The weight at a flat index (the API's order: layer, then j, then k). */
  const edgeAt = (index) => weightAt(shape.layers, index);
  const flatIndex = (edge) => weightIndex(shape.layers, edge);

  /** On a canvas the keyboard moves a cursor over the weights, shown in the overlay and read out. */
  function moveCursor(index) {
    cursor = Math.max(0, Math.min(edgeCount(shape.layers) - 1, index));
    const edge = edgeAt(cursor);
    figure.dataset.cursorLayer = edge.layer;
    figure.dataset.cursorJ = edge.j;
    figure.dataset.cursorK = edge.k;
    cursorNote.textContent = `weight w${edge.j},${edge.k} of layer ${edge.layer}, from neuron ${edge.k} of layer ${edge.layer - 1} to neuron ${edge.j} of layer ${edge.layer}`;
    if (current) drawSelection(current.selected, current.neuron);
  }

  canvas.addEventListener("focus", () => {
    if (onCanvas) moveCursor(cursor);
  });
  canvas.addEventListener("blur", () => {
    if (onCanvas && current) drawSelection(current.selected, current.neuron);
  });

  function showTooltip(l, i) {
    if (!current || !current.pass) return;
    const { pass, network } = current;
    const a = pass.a[l][i];
    const lines = l === 0
      ? [`input ${network.features ? featureLabel(network.features[i]) : `x${i}`} = a${i}⁽⁰⁾`, `a = ${formatNumber(a, 5)}`]
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

  function endsOf({ layer, j, k }) {
    const from = geometry.positions[layer - 1][k];
    const to = geometry.positions[layer][j];
    return { x1: from.x, y1: from.y, x2: to.x, y2: to.y };
  }

  /** The selected weight (`selected`) or neuron (`neuron`, {layer, j}): marked data-selected="true". */
  function drawSelection(selected, neuron) {
    const group = selectionLayer;
    group.replaceChildren();
    neurons.forEach((row, l) => row.forEach((n, i) => {
      // classList.remove rewrites the class even when neither is there: 784 inputs restyled per click.
      if (n.group.matches(".is-source, .is-destination")) n.group.classList.remove("is-source", "is-destination");
      const chosen = Boolean(neuron && neuron.layer === l && neuron.j === i);
      // Runs on every live frame: write only the neurons whose mark changes (one or two, not all).
      if (n.group.hasAttribute("data-selected") === chosen && n.group.hasAttribute("aria-pressed")) return;
      markSelected(n.group, chosen);
      n.group.setAttribute("aria-pressed", String(chosen));
    }));
    for (const e of edges) {
      if (!e.group.classList.contains("is-selected")) continue;
      e.group.classList.remove("is-selected");
      e.group.setAttribute("aria-pressed", "false");
      markSelected(e.group, false);
    }
    if (onCanvas && document.activeElement === canvas) {
      svg("line", { ...endsOf(edgeAt(cursor)), class: "edge-cursor" }, group);
    }
    if (onCanvas) {
      figure.dataset.selectedLayer = selected ? selected.layer : "";
      figure.dataset.selectedJ = selected ? selected.j : "";
      figure.dataset.selectedK = selected ? selected.k : "";
    }
    const inside = (s) => s.layer >= 1 && s.layer < neurons.length && s.j < neurons[s.layer].length && s.k < neurons[s.layer - 1].length;
    if (!selected || !inside(selected)) return;
    const edge = edges[indexOf(selected.layer, selected.j, selected.k)];
    if (!edge && !onCanvas) return;
    if (edge) {
      edge.group.classList.add("is-selected");
      edge.group.setAttribute("aria-pressed", "true");
      markSelected(edge.group, true);
    }
    // Redrawn above all other edges so crossings never hide the selected one.
    const ends = endsOf(selected);
    const index = flatIndex(selected);
    svg("line", { ...ends, class: "selection-halo" }, group);
    const line = svg("line", {
      ...ends, class: "selection-line", stroke: current.gradW ? current.scale.color(current.gradW[index]) : NEUTRAL_EDGE,
      "stroke-width": Math.max(3, edgeWidth(current.weights[index], current.maxWeight)),
    }, group);
    // A canvas has no element per weight: the overlay line stands for the selected one.
    if (onCanvas) {
      setAll(line, { "data-layer": selected.layer, "data-j": selected.j, "data-k": selected.k });
      markSelected(line, true);
    }
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

  function markSelected(element, on) {
    if (on) element.setAttribute("data-selected", "true");
    else element.removeAttribute("data-selected");
  }

  function key(item) {
    return `${item.layer}:${item.j}:${item.k ?? ""}`;
  }

  function markHighlighted(element, on) {
    element.classList.toggle("highlighted", on);
    if (on) element.setAttribute("data-highlighted", "true");
    else element.removeAttribute("data-highlighted");
  }

  /** The store's `highlight` ({edges, neurons} or null): other views point at parts of the drawing. */
  function drawHighlight(highlight) {
    highlighted = highlight;
    const edgeKeys = new Set((highlight?.edges || []).map(key));
    const neuronKeys = new Set((highlight?.neurons || []).map(key));
    for (const e of edges) markHighlighted(e.group, edgeKeys.has(key(e)));
    neurons.forEach((row, l) => row.forEach((n, i) => markHighlighted(n.group, neuronKeys.has(key({ layer: l, j: i })))));
    // A canvas has no element per weight: highlighted ones get a line of their own above it.
    highlightLayer.replaceChildren();
    if (!onCanvas) return;
    for (const e of highlight?.edges || []) {
      if (e.layer < 1 || e.layer >= neurons.length || !neurons[e.layer][e.j] || !neurons[e.layer - 1][e.k]) continue;
      const line = svg("line", { ...endsOf(e), class: "edge-overlay", "data-layer": e.layer, "data-j": e.j, "data-k": e.k }, highlightLayer);
      markHighlighted(line, true);
    }
  }

  /** Marks where gradients vanish for this example (see zero-flags.js). */
  function drawZeroFlags(network, pass) {
    for (const e of edges) {
      const reason = pass ? edgeZeroReason(network, pass, e.layer, e.j, e.k) : null;
      e.group.classList.toggle("zero-flagged", Boolean(reason));
      if (reason) e.group.setAttribute("data-zero", reason);
      else e.group.removeAttribute("data-zero");
    }
    neurons.forEach((row, l) => row.forEach((n, i) => {
      const flags = pass ? neuronFlags(network, pass, l, i) : [];
      for (const name of Object.keys(FLAG_MARKS)) n.group.classList.toggle(`flag-${name}`, flags.includes(name));
      if (flags.length) n.group.setAttribute("data-flags", flags.join(" "));
      else n.group.removeAttribute("data-flags");
      n.mark.textContent = geometry.radius < 10 ? "" : flags.map((f) => FLAG_MARKS[f]).join(" · ");
    }));
  }

  function render(state) {
    const { network, pass, selected } = state;
    if (!network) return;
    const drawn = drawnValues(state);
    // Rewriting data-live or aria-busy, even unchanged, restyles the drawing (the style rules read them).
    for (const [name, v] of [["data-network-id", network.id], ["data-step", drawn.step], ["data-live", drawn.live], ["aria-busy", state.pending > 0]]) setAttr(figure, name, v);
    const side = images.sideOf(state);
    if (!shape || shape.id !== network.id || shape.layers.join() !== network.layers.join() || shape.side !== side) {
      build(network);
      shape = { id: network.id, layers: network.layers, side };
    }
    const { weights, gradW, live } = drawn;
    const scale = gradientScale(state);
    // Most store updates (busy counts, the status line, other panels) leave the drawing as it is.
    if (current && current.drawn === drawn && current.scale.mode === scale.mode && current.selected === selected
        && current.neuron === state.neuron && current.pass === pass && current.highlight === state.highlight) return;
    const maxWeight = largestMagnitude(weights);
    current = { network, pass, selected, neuron: state.neuron, weights, gradW, scale, maxWeight, drawn, highlight: state.highlight };
    if (onCanvas) edgeCanvas.draw(gradW, scale);
    edges.forEach((e, i) => {
      const g = gradW ? gradW[i] : 0;
      // Written only when they change: a live frame often leaves many colours as they were.
      const stroke = gradW ? scale.color(g) : NEUTRAL_EDGE;
      const width = edgeWidth(weights[i], maxWeight).toFixed(2);
      if (e.stroke !== stroke) e.line.setAttribute("stroke", (e.stroke = stroke));
      if (e.width !== width) e.line.setAttribute("stroke-width", (e.width = width));
      e.group.setAttribute("data-gradient", String(g));
      // Words for every weight cost more than the colours: live frames skip them until paused.
      if (!live) e.group.setAttribute("aria-label", `weight w${e.j}${e.k} of layer ${e.layer}, from neuron ${e.k} of layer ${e.layer - 1} to neuron ${e.j} of layer ${e.layer}: w = ${formatNumber(weights[i])}, gradient ${formatNumber(g)}`);
    });
    const last = network.layers.length - 1;
    let offset = 0;
    neurons.forEach((row, l) => {
      const activation = l === 0 ? "input" : l === last ? network.output_activation : network.hidden_activation;
      const values = drawn.activations ? drawn.activations.subarray(offset, offset + row.length) : null;
      offset += row.length;
      const peak = Math.max(1, largestMagnitude(values));
      row.forEach((n, i) => {
        const a = values ? values[i] : null;
        const t = a === null ? 0 : brightness(a, activation, peak);
        // A live frame leaves most inputs as they were (784 of an image): those are not rewritten.
        if (n.a === a && n.t === t && n.pass === pass && n.live === live && n.r === geometry.radius) return;
        Object.assign(n, { a, t, pass, live, r: geometry.radius });
        n.circle.setAttribute("fill", activationFill(t));
        n.group.classList.toggle("is-lit", t > 0.55);
        n.text.textContent = a === null || geometry.radius < 12 ? "" : formatCompact(a);
        n.group.setAttribute("data-a", a === null ? "" : String(a));
        // A frame carries no z: the pass's would belong to an older step.
        n.group.setAttribute("data-z", l === 0 || !pass || live ? "" : String(pass.z[l - 1][i]));
        if (!live) n.group.setAttribute("aria-label", `${a === null ? `neuron ${i} of layer ${l}` : `neuron ${i} of layer ${l}: a = ${formatNumber(a)}`}. Enter opens its view; arrows move between neurons.`);
      });
    });
    drawSelection(selected, state.neuron);
    if (highlightDrawn.highlight !== state.highlight || highlightDrawn.shape !== shape) {
      highlightDrawn = { highlight: state.highlight, shape };
      drawHighlight(state.highlight);
    }
    // A live frame is newer than the pass the flags would be read from.
    const flagsFrom = live ? null : pass;
    if (flagged.network !== network || flagged.pass !== flagsFrom || flagged.shape !== shape) {
      flagged = { network, pass: flagsFrom, shape };
      drawZeroFlags(network, flagsFrom);
    }
    images.render(state, drawn, scale);
  }

  return { render };
}
