// The breakdown's fourth term: with regularisation on, a weight's gradient is error × slope × input
// plus the penalty's term, and the total is what a training step follows. Every number is the
// server's (/breakdown: regularization_term, total_gradient, numerical_total_gradient).
import { el, value } from "../lib/dom.js";
import { formatNumber, relativeDifference } from "../lib/format.js";
import { c0, m, math, mi, mo, partial } from "../lib/mathml.js";
import { isRegularized, kindName, term } from "../lib/regularization.js";

const on = (b) => isRegularized(b);

function row(operator, name, label, symbol, number, meaning) {
  const r = el("div", `factor factor-${name}`);
  r.append(el("span", "factor-operator", operator), el("span", "factor-symbol", math(null, symbol)),
    el("span", "factor-name", label), value(number, { "data-factor": name }), el("span", "factor-meaning", meaning));
  return r;
}

/** The term and the total, as two more rows under error × slope × input = gradient; [] when off.
 * `w` builds the weight's symbol (a fresh node for each place). */
export function regularizationFactorRows(b, w) {
  if (!on(b)) return [];
  const lambda = `λ = ${formatNumber(b.regularization_rate, 4)}`;
  const sum = b.gradient + b.regularization_term;
  return [
    row("+", "regularization", "regularisation", term(b.regularization, w()), b.regularization_term,
      `how much the cost dislikes a big weight: the ${kindName(b.regularization)} penalty's derivative, ${lambda}`),
    row("=", "total", "total", partial(mi("C"), w()), b.total_gradient,
      `gradient + regularization = ${formatNumber(sum, 5)}: what a training step follows, the derivative of C = C₀ + penalty`),
  ];
}

/** Why the total's check disagrees, when it does (the API's numerical_total_note); null when off,
 * where the total is the weight's own check and its note is already shown. */
export const totalNote = (b) => (on(b) ? b.numerical_total_note : null);

/** The total's check against a central difference of C_0 + penalty, as a row of the checks table. */
export function regularizationCheckRows(b) {
  if (!on(b)) return [];
  const difference = relativeDifference(b.total_gradient, b.numerical_total_gradient);
  const note = totalNote(b);
  const tr = el("tr", "", el("th", "", "total"), el("td", "", value(b.total_gradient)),
    el("td", "", value(b.numerical_total_gradient, { "data-quantity": "numerical-total-gradient" })),
    el("td", "", formatNumber(difference, 2),
      ...(note ? [el("span", "small muted", ` (${note.case === "round_off" ? "round-off" : "backprop is right"}: see below)`)] : [])));
  tr.dataset.check = "total";
  return [tr];
}

/** Beside the bias's gradient: why it has no fourth term. */
export function biasNotRegularized(b) {
  if (!on(b)) return [];
  const note = el("span", "bias-note", "Biases are not regularised: ",
    math(null, partial(mi("C"), m("mi", "b")), mo("="), partial(c0(), m("mi", "b"))), ", no penalty term.");
  note.dataset.role = "bias-not-regularized";
  return [note];
}
