// One layer in matrix form: delta^(l) from the output's error or from delta^(l+1), and dC/dW^(l), with the numbers.
import { el } from "../lib/dom.js";
import { plural } from "../lib/format.js";
import { createChangeCheck } from "../lib/change-check.js";
import { column, hadamard, layered, matrix, row } from "../lib/math-matrix.js";
import { c0, m, math, mi, mn, mo, partial, sigmaPrime } from "../lib/mathml.js";
import { chapterLayer, currentPass } from "../state/state.js";
import { hasJacobian } from "../lib/softmax.js";
import { softmaxOutputLines } from "./softmax-layer.js";

const range = (n) => Array.from({ length: n }, (_, i) => i);

function line(caption, ...children) {
  const words = Array.isArray(caption) ? caption : [caption];
  return el("div", "layer-line", el("p", "layer-caption small muted", ...words), el("div", "layer-math", math("block", ...children)));
}

/** delta^(L) = dC/da^(L) (.) sigma'(z^(L)), with dC/da^(L) spelled out for the cost in use. */
function outputLines(network, pass, L) {
  if (hasJacobian(network.output_activation)) return softmaxOutputLines(network, pass, L, line);
  const delta = () => layered("δ", L);
  const gradA = () => partial(c0(), layered("a", L));
  const slope = () => sigmaPrime(layered("z", L));
  const error = network.loss === "cross_entropy"
    ? [m("mfrac", m("mrow", layered("a", L), mo("−"), mi("y")), m("mrow", layered("a", L), mo("⊙"), mo("("), mn(1), mo("−"), layered("a", L), mo(")"))),
      mo("="), column(pass.a[L], { quantity: "activation" }), mo(","), mi("y"), mo("="), column(pass.y, { quantity: "target" })]
    : [mn(2), mo("("), column(pass.a[L], { quantity: "activation" }), mo("−"), column(pass.y, { quantity: "target" }), mo(")")];
  const lines = [
    line("The output layer's error: how wrong each output is, times how responsive it is.",
      delta(), mo("="), gradA(), hadamard(), slope()),
    line(network.loss === "cross_entropy" ? "Cross-entropy's error factor (with a sigmoid output the slope cancels it: δ = a − y):"
      : "Squared error: ∂C₀/∂a = 2(a − y) for each output.",
      gradA(), mo("="), ...error, ...(network.loss === "cross_entropy" ? [] : [mo("="), column(pass.grad_a[L], { quantity: "grad-a" })])),
  ];
  if (network.loss === "cross_entropy") {
    lines.push(line("", gradA(), mo("="), column(pass.grad_a[L], { quantity: "grad-a" })));
  }
  lines.push(line("Entry by entry (⊙):", delta(), mo("="), column(pass.grad_a[L], { quantity: "output-error" }), hadamard(),
    column(pass.slope[L - 1], { quantity: "slope" }), mo("="), column(pass.delta[L - 1], { quantity: "delta" })));
  return lines;
}

/** delta^(l) = ((W^(l+1))^T delta^(l+1)) (.) sigma'(z^(l)) for a hidden layer. */
function hiddenLines(network, pass, l) {
  const weights = network.weights[l];
  const transposedWeights = range(network.layers[l]).map((j) => range(network.layers[l + 1]).map((i) => weights[i][j]));
  const wt = () => layered("W", l + 1, { transpose: true });
  return [
    line(network.layers[l + 1] === 1
      ? `The error passed back: each neuron of layer ${l} has one path, through the one neuron of layer ${l + 1}.`
      : `The error passed back: each neuron of layer ${l} sums its paths through the ${plural(network.layers[l + 1], "neuron")} of layer ${l + 1}.`,
      layered("δ", l), mo("="), mo("("), wt(), layered("δ", l + 1), mo(")"), hadamard(), sigmaPrime(layered("z", l))),
    line("The sum over paths is a matrix product; it gives ∂C₀/∂a for every neuron of the layer:",
      partial(c0(), layered("a", l)), mo("="), wt(), layered("δ", l + 1), mo("="),
      matrix(transposedWeights, { quantity: "weights-t" }), column(pass.delta[l], { quantity: "delta-next" }),
      mo("="), column(pass.grad_a[l], { quantity: "grad-a" })),
    line("Then the slopes, entry by entry (⊙):",
      layered("δ", l), mo("="), column(pass.grad_a[l], { quantity: "passed-error" }), hadamard(),
      column(pass.slope[l - 1], { quantity: "slope" }), mo("="), column(pass.delta[l - 1], { quantity: "delta" })),
  ];
}

function gradientLines(pass, l) {
  return [
    line(["Every weight's gradient at once: δ times the inputs ", math(null, layered("a", l - 1)),
      " as a row, an outer product (error × slope × input in each entry)."],
      partial(c0(), layered("W", l)), mo("="), layered("δ", l), layered("a", l - 1, { transpose: true }), mo("="),
      column(pass.delta[l - 1], { quantity: "delta-factor" }), row(pass.a[l - 1], { quantity: "a-prev" }),
      mo("="), matrix(pass.grad_w[l - 1], { quantity: "grad-w" })),
    line("And the biases: their input factor is 1.",
      partial(c0(), layered("b", l)), mo("="), layered("δ", l), mo("="), column(pass.grad_b[l - 1], { quantity: "grad-b" })),
  ];
}

/** What an entry of layer l's view stands for in the drawing: a neuron or a weight. */
function pointedAt(quantity, l, r, c) {
  const neuron = (layer, j) => ({ edges: [], neurons: [{ layer, j }] });
  switch (quantity) {
    case "delta-next": return neuron(l + 1, r);
    case "a-prev": return neuron(l - 1, c);
    case "target": return neuron(l, r);
    case "jacobian": return { edges: [], neurons: [{ layer: l, j: r }, { layer: l, j: c }] };
    case "weights-t": return { edges: [{ layer: l + 1, j: c, k: r }], neurons: [{ layer: l, j: r }, { layer: l + 1, j: c }] };
    case "grad-w": return { edges: [{ layer: l, j: r, k: c }], neurons: [{ layer: l - 1, j: c }, { layer: l, j: r }] };
    default: return neuron(l, r);
  }
}

export function createLayerView(root, actions) {
  const picker = root.querySelector("[data-role=layer-picker]");
  const body = root.querySelector("[data-role=layer-body]");
  const drawn = createChangeCheck();

  // Pointing at an entry lights its neuron or weight in the drawing; leaving gives back the lights
  // that were on before (a walk's step, say).
  let before = null;
  let pointing = false;
  body.addEventListener("pointerover", (event) => {
    const cell = event.target.closest("[data-row]");
    const owner = cell && cell.closest("[data-quantity]");
    if (!owner) return;
    pointing = true;
    actions.setHighlight(pointedAt(owner.dataset.quantity, Number(root.dataset.layer), Number(cell.dataset.row), Number(cell.dataset.col)));
  });
  body.addEventListener("pointerleave", () => {
    if (!pointing) return;
    pointing = false;
    actions.setHighlight(before);
  });

  picker.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-layer-choice]");
    if (button) actions.setLayer(Number(button.dataset.layerChoice));
  });

  function render(state) {
    const { network, chapter: view } = state;
    if (!pointing) before = state.highlight;
    const pass = currentPass(state);
    if (!network || view.tab !== "layer" || !pass) return;
    const L = network.layers.length - 1;
    const l = chapterLayer(state);
    if (drawn.unchanged([network, pass, l])) return;
    picker.replaceChildren(el("span", "small muted", "Layer"), ...range(L).map((i) => {
      const button = el("button", "", String(i + 1));
      button.type = "button";
      button.dataset.layerChoice = i + 1;
      button.setAttribute("aria-pressed", i + 1 === l ? "true" : "false");
      button.title = i + 1 === L ? "the output layer" : `hidden layer ${i + 1}`;
      return button;
    }));
    const size = `${network.layers[l]} neuron${network.layers[l] === 1 ? "" : "s"}, fed by ${network.layers[l - 1]}`;
    body.replaceChildren(
      el("h3", "", `Layer ${l} (${l === L ? "output" : "hidden"}, ${size}), example ${pass.example ?? "custom"}`),
      ...(l === L ? outputLines(network, pass, L) : hiddenLines(network, pass, l)),
      ...gradientLines(pass, l),
    );
    // Which layer, example and step the numbers are for, so a reader (or a test) can tell they are current.
    Object.assign(root.dataset, { layer: l, example: pass.example ?? "", networkStep: network.step });
  }

  return { render };
}
