// The walk's words where the output is softmax: no slope per output neuron, so the chapter's
// error × slope becomes δ, the sum over the outputs of error × Jacobian (a − y with categorical
// cross-entropy). walk-steps.js calls these in place of its sigmoid-output sentences.
import { el, value } from "../lib/dom.js";
import { c0, indexed, math, mo, partial } from "../lib/mathml.js";
import { deltaAsSum, deltaResult, jacobianFormula, jacobianSymbol } from "../lib/softmax.js";

const num = (number, quantity) => value(number, { "data-quantity": quantity });
const p = (...children) => el("p", "", ...children);
const eq = (...children) => math(null, ...children);
const block = (...children) => el("div", "walk-formula", math("block", ...children));

/** "The three local derivatives" for output 0 of a softmax layer L. */
export function softmaxLocal({ network, pass }, L) {
  const w = () => indexed("w", [0, 0], L);
  const z = () => indexed("z", [0], L);
  const row = (symbol, formula, number, quantity, meaning) => el("li", "",
    eq(symbol, mo("="), ...formula), " = ", number === null ? "" : num(number, quantity), el("span", "muted", ` ${meaning}`));
  return [
    p("A nudge to the weight moves z, z moves the outputs, the outputs move the cost. With a softmax output the middle link is not one number:"),
    el("ul", "walk-list",
      row(partial(z(), w()), [indexed("a", [0], L - 1)], pass.a[L - 1][0], "walk-input", "how active the input was"),
      row(jacobianSymbol(0, L), jacobianFormula(0, L), null, "walk-slope",
        "a whole column of the Jacobian: raising z pushes output 0 up and every other output down"),
      row(indexed("δ", [0], L), [...deltaAsSum(0, L).slice(2), mo("="), ...deltaResult(network.loss, 0, L)],
        pass.delta[L - 1][0], "walk-delta-sum", "error × slope, summed over the outputs"),
    ),
    p(eq(partial(c0(), w())), " = input × δ = ", num(pass.grad_w[L - 1][0][0], "walk-gradient"),
      ". The chapter's error × slope is still there, as a sum: ∂C₀/∂aᵢ × ∂aᵢ/∂z₀ over every output i, ",
      "because softmax ties all the outputs together."),
  ];
}

/** The "= error × slope × weight" line of passing the error back, through a softmax output: δ × weight. */
export function softmaxPassBack({ pass, network }, L) {
  return p("With a softmax output the error × slope of output 0 is δ = ", num(pass.delta[L - 1][0], "walk-term-delta"),
    " (summed over the outputs), so this path adds δ × weight = ", num(pass.delta[L - 1][0] * network.weights[L - 1][0][0], "walk-path-contribution"), ".");
}

/** The sentence the "sum" step adds when its paths go into a softmax output. */
export function softmaxPathsNote() {
  return p("The next layer is a softmax output, which has no slope per neuron: read each row's σ′(z) × ∂C₀/∂a as its δᵢ, ",
    "already summed over the outputs, so each term is w × δᵢ.");
}
