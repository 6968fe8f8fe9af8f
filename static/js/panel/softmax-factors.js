// The breakdown of a weight into a softmax output: no slope per neuron, so δ_j is shown directly and
// its error × slope is spelled out as the sum over the outputs it really is.
import { el, value } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";
import { c0, indexed, math, mo, partial } from "../lib/mathml.js";
import { deltaAsSum, deltaResult, jacobianEntry, jacobianFormula, jacobianSymbol, outputTerms } from "../lib/softmax.js";

function row(operator, name, symbol, shown, meaning) {
  return el("div", `factor factor-${name}`,
    el("span", "factor-operator", operator),
    el("span", "factor-symbol", math(null, ...symbol)),
    el("span", "factor-name", name),
    shown,
    el("span", "factor-meaning", meaning));
}

/** One row per output i: ∂C₀/∂a_i, ∂a_i/∂z_j and their product; the products add up to δ_j. */
function sumTable(b, pass, L) {
  const a = pass.a[L];
  const terms = outputTerms(a, pass.grad_a[L], b.j);
  const cell = (number, term, i) => el("td", "", value(number, { "data-term": term, "data-i": i }));
  const rows = terms.map((term, i) => el("tr", i === b.j ? "is-own" : "", el("th", "", String(i)),
    cell(pass.grad_a[L][i], "output-error", i), cell(jacobianEntry(a, i, b.j), "jacobian", i), cell(term, "output-term", i)));
  const total = terms.every((t) => t !== null) ? terms.reduce((s, t) => s + t, 0) : null;
  const head = el("tr", "", ...["i", "∂C₀/∂aᵢ", `∂aᵢ/∂z${b.j}`, "product"].map((t) => el("th", "", t)));
  const foot = el("tr", "", el("th", "", "Σ"), el("td", ""), el("td", ""), el("td", "", value(total, { "data-term": "output-sum" })));
  const table = el("table", "checks softmax-sum",
    el("caption", "", "error × slope as a sum over the outputs (this example)"),
    el("thead", "", head), el("tbody", "", ...rows), el("tfoot", "", foot));
  const box = el("div", "table-scroll", table);
  box.dataset.role = "softmax-sum";
  return box;
}

/** The formula, factors and bias line of a weight into a softmax output (b.jacobian is true). */
export function jacobianBreakdown(b, pass, network) {
  const { layer: L, j, k } = b;
  const w = () => indexed("w", [j, k], L);
  const delta = () => indexed("δ", [j], L);
  const input = () => indexed("a", [k], L - 1);
  const categorical = network.loss === "categorical_cross_entropy" || b.loss === "categorical_cross_entropy";
  const own = pass && pass.a[L] ? pass.a[L][j] : null;
  const target = pass && pass.y ? pass.y[j] : null;
  const formula = el("div", "formula",
    math("block", partial(c0(), w()), mo("="), delta(), mo("×"), input()),
    math("block", ...deltaAsSum(j, L), mo("="), ...deltaResult(b.loss, j, L)));
  const slopeNote = el("span", "value jacobian-value", "a Jacobian");
  slopeNote.dataset.factor = "slope";
  const simplifies = categorical
    ? `the sum collapses to a − y${own === null ? "" : ` = ${formatNumber(own, 5)} − ${formatNumber(target, 5)}`}`
    : "the sum over the outputs of the error 2(a − y) through the Jacobian";
  const factors = el("div", "factors",
    row("", "error", [partial(c0(), indexed("a", [j], L))], value(b.error, { "data-factor": "error" }),
      categorical ? "−y / a for this output alone: only one term of the sum below" : "2(a − y) for this output alone: one term of the sum below"),
    row("×", "slope", [jacobianSymbol(j, L)], slopeNote,
      "softmax's slope is a matrix, not one number: raising z pushes this output up and every other output down"),
    row("=", "delta", [delta()], value(b.bias_gradient, { "data-factor": "delta" }), `error × slope summed over the outputs: ${simplifies}`),
    row("×", "input", [input()], value(b.input, { "data-factor": "input" }), "how active the input was"),
    row("=", "gradient", [partial(c0(), w())], value(b.gradient, { "data-factor": "gradient" }),
      `δ × input = ${formatNumber(b.bias_gradient * b.input, 5)}: how much the cost changes per unit change of this weight`));
  const jac = el("p", "small jacobian-formula", "Each entry of the Jacobian: ", math(null, ...jacobianFormula(j, L)), ".");
  const bias = el("div", "bias",
    el("span", "bias-formula", math(null, partial(c0(), indexed("b", [j], L)), mo("="), delta(), mo("="))),
    value(b.bias_gradient, { "data-quantity": "bias-gradient" }),
    el("span", "bias-note", `the input factor is replaced by 1 (b = ${formatNumber(b.bias, 5)})`));
  const parts = [formula, factors, jac];
  if (pass && pass.a[L] && pass.grad_a[L]) parts.push(sumTable(b, pass, L));
  parts.push(bias);
  return parts;
}
