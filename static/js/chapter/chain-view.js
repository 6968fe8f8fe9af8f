// The chapter's single-neuron chain (1-1-1-1): w -> z -> a -> C with each local derivative on its arrow.
import { el, value } from "../lib/dom.js";
import { createChangeCheck } from "../lib/change-check.js";
import { layered } from "../lib/math-matrix.js";
import { c0, errorFactor, m, math, mo, partial, sigmaPrime } from "../lib/mathml.js";
import { PRESETS } from "../controls/new-network-form.js";
import { chapterLayer, currentPass } from "../state/state.js";

const { label: _label, learning_rate: CHAIN_RATE, ...CHAIN_SPEC } = PRESETS.find((p) => p.layers.every((n) => n === 1));

export const isChainNetwork = (network) => Boolean(network) && network.layers.every((n) => n === 1);

function node(symbol, number, quantity, note = "") {
  return el("div", "chain-node", el("span", "chain-symbol", math(null, symbol)),
    value(number, { "data-quantity": quantity }), ...(note ? [el("span", "small muted", note)] : []));
}

function arrow(derivative, formula, number, quantity, meaning, shaft = "⟶") {
  return el("div", "chain-arrow",
    el("span", "chain-derivative", math(null, derivative)),
    el("span", "chain-formula", math(null, mo("="), formula)),
    el("span", "chain-shaft", shaft),
    value(number, { "data-quantity": quantity }),
    el("span", "small muted", meaning));
}

export function createChainView(root, actions) {
  const field = (name) => root.querySelector(`[data-role=${name}]`);
  const picker = field("chain-picker");
  const body = field("chain-body");
  const other = field("chain-other");
  const create = field("chain-create");
  const drawn = createChangeCheck();

  create.addEventListener("click", () => actions.createNetwork(CHAIN_SPEC, CHAIN_RATE));
  picker.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-layer-choice]");
    if (!button) return;
    const layer = Number(button.dataset.layerChoice);
    actions.setLayer(layer);
    actions.selectEdge({ layer, j: 0, k: 0 });
  });

  function render(state) {
    const { network, chapter: view } = state;
    if (!network || view.tab !== "chain") return;
    const chain = isChainNetwork(network);
    other.hidden = chain;
    picker.hidden = !chain;
    body.hidden = !chain;
    // While the pass of this version and example loads, the last numbers stay.
    const pass = currentPass(state);
    if (!chain || !pass) return;
    const L = network.layers.length - 1;
    const l = chapterLayer(state);
    if (drawn.unchanged([network, pass, l])) return;
    picker.replaceChildren(el("span", "small muted", "Weight"), ...Array.from({ length: L }, (_, i) => L - i).map((layer) => {
      const button = el("button", "", math(null, layered("w", layer)));
      button.type = "button";
      button.dataset.layerChoice = layer;
      button.setAttribute("aria-pressed", layer === l ? "true" : "false");
      return button;
    }));

    const input = pass.a[l - 1][0];
    const slope = pass.slope[l - 1][0];
    const error = pass.grad_a[l][0];
    let errorFormula = [layered("w", l + 1), sigmaPrime(layered("z", l + 1)), partial(c0(), layered("a", l + 1))];
    if (l === L) {
      errorFormula = [errorFactor(network.loss, () => layered("a", L))];
    }
    const row = el("div", "chain-row",
      node(layered("w", l), network.weights[l - 1][0][0], "chain-weight"),
      arrow(partial(layered("z", l), layered("w", l)), layered("a", l - 1), input, "chain-input", "how active the input was"),
      node(layered("z", l), pass.z[l - 1][0], "chain-z"),
      arrow(partial(layered("a", l), layered("z", l)), sigmaPrime(layered("z", l)), slope, "chain-slope", "how responsive the neuron is"),
      node(layered("a", l), pass.a[l][0], "chain-a"),
      arrow(partial(c0(), layered("a", l)), l === L ? m("mrow", ...errorFormula) : m("mtext", "\u2009see below"), error, "chain-error",
        l === L ? "how wrong the output is" : `passed back from layer ${l + 1}`, l === L ? "⟶" : "⟶ ⋯ ⟶"),
      node(c0(), pass.cost, "chain-cost", `y = ${pass.y[0]}`),
    );
    const product = error === null ? null : input * slope * error;
    const result = el("p", "chain-product",
      math(null, partial(c0(), layered("w", l)), mo("="), partial(layered("z", l), layered("w", l)), mo("×"),
        partial(layered("a", l), layered("z", l)), mo("×"), partial(c0(), layered("a", l))),
      " = ", value(input), " × ", value(slope), " × ", value(error), " = ", value(product, { "data-quantity": "chain-product" }),
      el("span", "small muted", " (backprop: "), value(pass.grad_w[l - 1][0][0], { "data-quantity": "chain-gradient" }),
      el("span", "small muted", ")"));
    const bias = el("p", "chain-bias",
      math(null, partial(c0(), layered("b", l)), mo("="), partial(layered("a", l), layered("z", l)), mo("×"), partial(c0(), layered("a", l))),
      " = ", value(pass.grad_b[l - 1][0], { "data-quantity": "chain-bias-gradient" }),
      el("span", "small muted", ": the same without the input factor, since ∂z/∂b = 1."));
    // Before the last layer the cost is further down the chain: its error arrives passed back.
    const passedBack = l === L ? [] : [el("p", "small chain-passed",
      math(null, partial(c0(), layered("a", l)), mo("="), ...errorFormula),
      `: the error of layer ${l + 1} passed back along the chain (one neuron per layer, so one path and no sum).`)];
    body.replaceChildren(
      el("p", "small", "Total sensitivity = product of local sensitivities. Each arrow carries its local derivative for this example:"),
      row, ...passedBack, result, bias);
    // Which layer, example and step the numbers are for, so a reader (or a test) can tell they are current.
    Object.assign(root.dataset, { layer: l, example: pass.example ?? "", networkStep: network.step });
  }

  return { render };
}
