// Softmax outputs: which cost fits which output, and the Jacobian that replaces the output's slope.
// A softmax a_i depends on every z_j of its layer, so ∂a/∂z is a matrix and the error × slope of one
// output neuron becomes a sum over the outputs; the API sends slope null there (docs/API.md).
import { indexed, m, mi, mn, mo, partial, c0 } from "./mathml.js";

export const COST_NAMES = {
  mse: "squared error",
  cross_entropy: "cross-entropy",
  categorical_cross_entropy: "categorical cross-entropy",
};

/** The output activation each cost is defined for (app/engine/costs.py requires_output); absent: any. */
const COST_NEEDS = { cross_entropy: "sigmoid", categorical_cross_entropy: "softmax" };

/** Whether a network with this output activation can be judged by this cost. */
export function costFits(loss, outputActivation) {
  const needs = COST_NEEDS[loss];
  return !needs || needs === outputActivation;
}

/** Why a cost does not fit this output, in a sentence; "" when it does. */
export function costMisfit(loss, outputActivation) {
  if (costFits(loss, outputActivation)) return "";
  return loss === "cross_entropy"
    ? "Cross-entropy needs a sigmoid output layer (each a in (0, 1) on its own)."
    : "Categorical cross-entropy needs a softmax output layer (the outputs are probabilities that add up to 1).";
}

/** True for an output whose slope is a Jacobian (softmax), not one number per neuron. */
export const hasJacobian = (activation) => activation === "softmax";

/** ∂a_i/∂z_j = a_i (1[i = j] − a_j): one entry of softmax's Jacobian, from the outputs a. */
export function jacobianEntry(a, i, j) {
  return a[i] * ((i === j ? 1 : 0) - a[j]);
}

/** The terms ∂C₀/∂a_i × ∂a_i/∂z_j, one per output i; they add up to δ_j. null where the error
 * ∂C₀/∂a_i is beyond float64 (an output that rounded to 0 under its target). */
export function outputTerms(a, gradA, j) {
  return a.map((_, i) => (gradA[i] === null ? null : gradA[i] * jacobianEntry(a, i, j)));
}

const sum = (index) => m("munder", mo("∑"), mi(index));
const layerOf = (L) => m("mrow", mo("("), mn(L), mo(")"));
/** ∂a^(L)/∂z_j^(L): how every output responds to z_j, one column of the Jacobian. */
const jacobian = (j, L) => partial(m("msup", mi("a"), layerOf(L)), indexed("z", [j], L));

/** δ_j^(L) = Σ_i ∂C₀/∂a_i^(L) ∂a_i^(L)/∂z_j^(L), with j a number and i the summed index. */
export function deltaAsSum(j, L) {
  const ai = m("msubsup", mi("a"), mi("i"), layerOf(L));
  const zj = indexed("z", [j], L);
  return [indexed("δ", [j], L), mo("="), sum("i"), partial(c0(), ai),
    m("mfrac", m("mrow", mo("∂"), ai.cloneNode(true)), m("mrow", mo("∂"), zj))];
}

/** ∂a_i/∂z_j = a_i (1[i=j] − a_j), the Jacobian's entry as a formula. */
export function jacobianFormula(j, L) {
  const ai = () => m("msub", mi("a"), mi("i"));
  return [m("mfrac", m("mrow", mo("∂"), ai()), m("mrow", mo("∂"), m("msub", mi("z"), mn(j)))), mo("="), ai(), mo("("),
    m("msub", mn(1), m("mrow", mi("i"), mo("="), mn(j))), mo("−"), indexed("a", [j], L), mo(")")];
}

/** What δ_j^(L) simplifies to: a_j − y_j for categorical cross-entropy, J^T of 2(a − y) for squared error. */
export function deltaResult(loss, j, L) {
  return loss === "categorical_cross_entropy"
    ? [indexed("a", [j], L), mo("−"), m("msub", mi("y"), mn(j))]
    : [indexed("a", [j], L), mo("("), m("msub", mi("e"), mn(j)), mo("−"), sum("i"), m("msub", mi("a"), mi("i")),
      m("msub", mi("e"), mi("i")), mo(")")];
}

export { jacobian as jacobianSymbol };

/** σ′(z_j^(l)) of a pass, or null where layer l's slope is a Jacobian (the API sends that layer as null). */
export function slopeAt(pass, l, j) {
  const layer = pass.slope[l - 1];
  return layer === null ? null : layer[j];
}
