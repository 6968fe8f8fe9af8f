// Sum over paths: a hidden neuron's error is one term per neuron of the next layer that it feeds.
import { el, value } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";
import { c0, indexed, math, m, mo, partial, sigmaPrime } from "../lib/mathml.js";
import { currentBreakdown, currentPass } from "../state/state.js";

function formula(l, j) {
  const i = (symbol, sub, layer) => m("msubsup", m("mi", symbol), m("mrow", ...sub.map((s) => m("mi", s))), m("mrow", mo("("), m("mn", String(layer)), mo(")")));
  return math("block",
    partial(c0(), indexed("a", [j], l)), mo("="),
    m("munder", mo("∑"), m("mi", "i")),
    i("w", ["i", "j"], l + 1), mo("×"), sigmaPrime(i("z", ["i"], l + 1)), mo("×"), partial(c0(), i("a", ["i"], l + 1)));
}

/**
 * Why a path whose error exceeds float64 still has a finite term: cross-entropy's error
 * 1/(a(1 − a)) overflows where the sigmoid saturates, and its slope underflows, but their product
 * is exactly δ = a − y, which backprop uses (docs/NOTATION.md). `delta`: δ_i from the pass, if known.
 */
function overflowNote(path, l, delta) {
  const d = delta ?? (path.weight !== 0 ? path.contribution / path.weight : null);
  const row = el("tr", "path-note");
  const text = `Neuron ${path.i} of layer ${l + 1} is saturated: its error ∂C/∂a = (a − y)/(a(1 − a)) is beyond float64 ` +
    `and its slope σ′ = ${formatNumber(path.slope, 3)} has ${path.slope === 0 ? "rounded to 0" : "almost vanished"}, so weight × slope × error cannot be multiplied out here. ` +
    `Their product is exactly δ = a − y${d === null ? "" : ` = ${formatNumber(d, 5)}`} (cross-entropy's error and the sigmoid's slope cancel), ` +
    `and the term is weight × δ = ${formatNumber(path.contribution, 5)}.`;
  row.replaceChildren(el("td", "", ""), Object.assign(el("td", "", text), { colSpan: 4 }));
  row.dataset.pathNote = path.i;
  return row;
}

/** The slope cell of a path through a softmax output: a Jacobian, not a number (the term is w × δ). */
function jacobianCell() {
  const cell = el("span", "value", "Jacobian");
  cell.dataset.term = "slope";
  cell.title = "softmax: the slope is the Jacobian ∂a/∂z; this term is weight × δ";
  return cell;
}

function termRow(path, l, j, actions) {
  const row = el("tr", "path-term",
    el("th", "", `i = ${path.i}`),
    el("td", "", value(path.weight, { "data-term": "weight" })),
    el("td", "", path.slope === null ? jacobianCell() : value(path.slope, { "data-term": "slope" })),
    el("td", "", value(path.error, { "data-term": "error" })),
    el("td", "contribution", value(path.contribution, { "data-term": "contribution" })));
  row.dataset.path = path.i;
  row.dataset.value = String(path.contribution);
  row.tabIndex = 0;
  row.title = `path through neuron ${path.i} of layer ${l + 1}: w${path.i}${j} × σ′(z${path.i}) × ∂C/∂a${path.i}`;
  const highlight = { edges: [{ layer: l + 1, j: path.i, k: j }], neurons: [{ layer: l + 1, j: path.i }], from: "paths" };
  const on = () => actions.setHighlight(highlight);
  const off = () => actions.setHighlight(null);
  row.addEventListener("pointerenter", on);
  row.addEventListener("focus", on);
  row.addEventListener("pointerleave", off);
  row.addEventListener("blur", off);
  return row;
}

/** δ_i^(l+1) of the current pass, if it is loaded. */
function passDelta(state, l, i) {
  const pass = currentPass(state);
  return pass && pass.delta[l] ? pass.delta[l][i] : null;
}

export function createPathsView(root, actions) {
  const body = root.querySelector("[data-role=body]");
  let shown = null;

  function render(state) {
    const { network } = state;
    // While the selected weight's breakdown loads, the last one stays (the panel marks it stale).
    const b = currentBreakdown(state);
    if (!b) return;
    root.hidden = false;
    if (shown === b) return;
    shown = b;
    const l = b.layer;
    const last = network.layers.length - 1;
    if (l === last) {
      body.replaceChildren(el("p", "small muted",
        `Neuron ${b.j} of layer ${l} is an output: its error is read straight off the cost (no paths to add up). Pick a weight into a hidden layer to see the sum over paths.`));
      root.dataset.paths = "0";
      return;
    }
    // Added in the order shown, as a reader would; they match the error to rounding.
    const sum = b.paths.reduce((total, p) => total + p.contribution, 0);
    const head = el("tr", "", ...["path", "weight w", "slope σ′", "error ∂C/∂a", "term"].map((t) => el("th", "", t)));
    const table = el("table", "paths-table",
      el("thead", "", head),
      el("tbody", "", ...b.paths.flatMap((p) => {
        const row = termRow(p, l, b.j, actions);
        if (p.error !== null || p.slope === null) return [row];
        row.title += " — its error is beyond float64: see the note below";
        return [row, overflowNote(p, l, passDelta(state, l, p.i))];
      })));
    const total = el("p", "paths-total",
      "Sum of the terms ", value(sum, { "data-quantity": "paths-sum" }),
      " = error ", value(b.error, { "data-quantity": "paths-error" }),
      el("span", "small muted", ` (difference ${formatNumber(b.error === null ? null : Math.abs(sum - b.error), 2)})`));
    const softmax = b.paths.length > 0 && b.paths[0].slope === null;
    body.replaceChildren(
      ...(softmax ? [el("p", "small jacobian-paths", `Layer ${l + 1} is a softmax output: it has no slope per neuron (its slope is a Jacobian), so each term is weight × δᵢ, `,
        "with δᵢ = Σₘ ∂C/∂aₘ × ∂aₘ/∂zᵢ already summed over the outputs (a − y with categorical cross-entropy).")] : []),
      el("p", "small", `Neuron ${b.j} of layer ${l} reaches the cost through ${b.paths.length === 1 ? "the one neuron" : `each of the ${b.paths.length} neurons`} of layer ${l + 1}. Each path adds weight × slope × error; point at a term to see its path in the drawing.`),
      el("div", "formula", formula(l, b.j)),
      el("div", "paths-scroll", table),
      total);
    root.dataset.paths = String(b.paths.length);
  }

  return { render };
}
