// Regularisation as the page shows it: the kinds, the penalty and its term as MathML, and the
// rate a learner types, checked as the server checks it (app/schemas/networks.py). The numbers
// themselves (the term, the total gradient) always come from the server, never from here.
import { m, mi, mn, mo } from "./mathml.js";

export const KINDS = [
  { value: "none", label: "none" },
  { value: "l1", label: "L1: λ Σ|w|" },
  { value: "l2", label: "L2: λ Σw²" },
];

/** The rates TensorFlow Playground offers, as suggestions beside the free input. */
export const SUGGESTED_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];

export const isRegularized = (network) => Boolean(network && network.regularization && network.regularization !== "none");

/** "" when `text` is a rate the server takes, else what to change (in the server's words). */
export function rateProblem(text, limits) {
  const max = limits && Number.isFinite(limits.max_regularization_rate) ? limits.max_regularization_rate : 10;
  const trimmed = String(text).trim();
  if (trimmed === "") return "Type a regularization rate λ, such as 0.01.";
  const rate = Number(trimmed);
  if (!Number.isFinite(rate)) return "regularization rate must be a number";
  if (rate < 0) return `regularization rate ${trimmed} is less than the least allowed, 0`;
  if (rate > max) return `regularization rate ${trimmed} is more than the most allowed, ${max}`;
  return "";
}

/** The penalty λ Σ_w |w| or λ Σ_w w² (no 1/2, as the chapter's C_0 has none). */
export function penalty(kind) {
  const sum = m("munder", mo("∑"), mi("w"));
  const summand = kind === "l1" ? m("mrow", mo("|"), mi("w"), mo("|")) : m("msup", mi("w"), mn(2));
  return m("mrow", mi("λ"), sum, summand);
}

/** The penalty's derivative for one weight `w` (a MathML node): λ sign(w), or 2λw. */
export function term(kind, w) {
  return kind === "l1"
    ? m("mrow", mi("λ"), mi("sign"), mo("("), w, mo(")"))
    : m("mrow", mn(2), mi("λ"), w);
}

/** The kind in words, for captions. */
export function kindName(kind) {
  return { l1: "L1", l2: "L2" }[kind] || "no";
}
