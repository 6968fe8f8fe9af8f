// The guided walk's step on regularisation, shown only when the network has a penalty: the cost gains
// a term, and the weight's gradient a fourth one beside error × slope × input. The numbers are the
// server's /breakdown of the walk's weight (regularization_term, total_gradient).
import { el, value } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";
import { c0, indexed, m, math, mi, mo, partial } from "../lib/mathml.js";
import { isRegularized, kindName, penalty, term } from "../lib/regularization.js";

const p = (...children) => el("p", "", ...children);
const eq = (...children) => math(null, ...children);
const block = (...children) => el("div", "walk-formula", math("block", ...children));
const num = (number, quantity) => value(number, { "data-quantity": quantity });

export const REGULARIZATION_STEP = {
  key: "regularization",
  title: "Regularisation: a fourth term",
  when: isRegularized,
  /** The same weight as the first steps: the last layer's w_00. */
  focus: (network) => {
    const L = network.layers.length - 1;
    const edge = { layer: L, j: 0, k: 0 };
    return { edge, highlight: { edges: [edge], neurons: [{ layer: L - 1, j: 0 }, { layer: L, j: 0 }] } };
  },
  text({ network, breakdown }) {
    const L = network.layers.length - 1;
    const w = () => indexed("w", [0, 0], L);
    const kind = network.regularization;
    const intro = [
      p(`This network is trained with ${kindName(kind)} regularisation: the cost it lowers is the data's cost plus a penalty on big weights,`),
      block(mi("C"), mo("="), m("msub", mi("C"), mi("data")), mo("+"), penalty(kind)),
      p("so every weight's gradient gains a fourth term beside error × slope × input, how much the cost dislikes a big weight:"),
      block(partial(mi("C"), w()), mo("="), partial(c0(), w()), mo("+"), term(kind, w())),
      p(kind === "l1"
        ? "L1 pushes every weight towards 0 by the same amount λ, so small weights reach 0 and stay there (sign(0) = 0)."
        : "L2 pulls each weight towards 0 in proportion to its size: big weights shrink fastest (weight decay)."),
    ];
    const ours = breakdown && breakdown.layer === L && breakdown.j === 0 && breakdown.k === 0;
    if (!ours) return [...intro, p("Fetching this weight's numbers…")];
    return [
      ...intro,
      p("For ", eq(w()), ` with λ = ${formatNumber(network.regularization_rate, 4)}: error × slope × input = `,
        num(breakdown.gradient, "walk-data-gradient"), ", plus the term ", num(breakdown.regularization_term, "walk-regularization-term"),
        ", gives ", num(breakdown.total_gradient, "walk-total-gradient"), ": what a training step follows."),
      p("Biases carry no penalty: a bias shifts a neuron without making it more sensitive to its inputs."),
    ];
  },
};
