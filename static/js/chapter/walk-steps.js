// The guided walk's steps: what each one points at on the live network, and its text with the current numbers.
import { isChainNetwork } from "./chain-view.js";
import { el, value } from "../lib/dom.js";
import { formatNumber, plural } from "../lib/format.js";
import { sym } from "../lib/math-matrix.js";
import { c0, errorFactor, indexed, m, math, mi, mn, mo, partial, sigmaPrime } from "../lib/mathml.js";
import { REGULARIZATION_STEP } from "./walk-regularization.js";
import { hasJacobian, slopeAt } from "../lib/softmax.js";
import { softmaxLocal, softmaxPassBack, softmaxPathsNote } from "./walk-softmax.js";


/** The hidden layer whose neurons feed the most neurons: where the sum over paths is widest. */
function widestHidden(network) {
  const L = network.layers.length - 1;
  let best = null;
  for (let h = 1; h < L; h += 1) {
    if (best === null || network.layers[h + 1] > network.layers[best + 1]) best = h;
  }
  return best;
}

const range = (n) => Array.from({ length: n }, (_, i) => i);
const edge = (layer, j, k) => ({ layer, j, k });
const neuron = (layer, j) => ({ layer, j });
const layerNeurons = (network, layer) => range(network.layers[layer]).map((j) => neuron(layer, j));
const layerEdges = (network, layer) => range(network.layers[layer]).flatMap(
  (j) => range(network.layers[layer - 1]).map((k) => edge(layer, j, k)));

const num = (number, quantity, extra = {}) => value(number, { "data-quantity": quantity, ...extra });

/** A number in three digits, for the narrow table of paths; the exact value stays in data-value. */
function short(number, quantity, extra) {
  const span = num(number, quantity, extra);
  span.textContent = formatNumber(number, 3);
  return span;
}
const p = (...children) => el("p", "", ...children);

/** A table in a box of its own that scrolls sideways when the sidebar is narrower than the table. */
function scrolling(table, label) {
  const box = el("div", "table-scroll", table);
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", label);
  box.tabIndex = 0;
  return box;
}
const eq = (...children) => math(null, ...children);
const block = (...children) => el("div", "walk-formula", math("block", ...children));

/** The numbers of one layer l (1..L) and neuron j of this example. */
function reader({ network, pass }) {
  return {
    L: network.layers.length - 1,
    a: (l, j) => pass.a[l][j],
    z: (l, j) => pass.z[l - 1][j],
    slope: (l, j) => slopeAt(pass, l, j),
    delta: (l, j) => pass.delta[l - 1][j],
    gradA: (l, j) => pass.grad_a[l][j],
    gradW: (l, j, k) => pass.grad_w[l - 1][j][k],
    gradB: (l, j) => pass.grad_b[l - 1][j],
    w: (l, j, k) => network.weights[l - 1][j][k],
    y: (j) => pass.y[j],
  };
}

const outputFocus = (network, extra = {}) => {
  const L = network.layers.length - 1;
  return {
    edge: edge(L, 0, 0),
    highlight: { edges: [edge(L, 0, 0)], neurons: [neuron(L - 1, 0), neuron(L, 0)] },
    ...(isChainNetwork(network) ? { tab: "chain", layer: L } : {}),
    ...extra,
  };
};

export const WALK_STEPS = [
  {
    key: "path",
    title: "One path",
    focus: (network) => outputFocus(network),
    text(ctx) {
      const { L, w, z, a, y } = reader(ctx);
      const { network, pass } = ctx;
      const outputs = network.layers[L];
      return [
        p("The chapter starts with one weight of the last layer and the path it takes to the cost. Here it is ",
          eq(indexed("w", [0, 0], L)), " = ", num(w(L, 0, 0), "walk-weight"), ", lit in the drawing."),
        block(indexed("w", [0, 0], L), mo("→"), indexed("z", [0], L), mo("→"), indexed("a", [0], L), mo("→"), c0()),
        p("It never touches the cost directly. It changes the weighted input ", eq(indexed("z", [0], L)), " = ",
          num(z(L, 0), "walk-z"), ", which changes the activation ", eq(indexed("a", [0], L)), " = ",
          num(a(L, 0), "walk-a"), ", which changes this example's cost ", eq(c0()), " = ", num(pass.cost, "walk-cost"),
          ` (target y = `, num(y(0), "walk-y"), ")."),
        p(outputs === 1 ? "One output neuron, one path: no sums yet."
          : `The cost adds up all ${outputs} outputs, but this weight reaches only output 0.`),
      ];
    },
  },
  {
    key: "local",
    title: "The three local derivatives",
    focus: (network) => outputFocus(network),
    text(ctx) {
      const { L, a, slope, gradA, gradW } = reader(ctx);
      const { network } = ctx;
      if (hasJacobian(network.output_activation)) return softmaxLocal(ctx, L);
      const w = () => indexed("w", [0, 0], L);
      const z = () => indexed("z", [0], L);
      const act = () => indexed("a", [0], L);
      const row = (symbol, formula, number, quantity, meaning) => el("li", "",
        eq(symbol, mo("="), formula), " = ", num(number, quantity), el("span", "muted", ` ${meaning}`));
      return [
        p("A nudge to the weight moves the cost by the product of three local sensitivities along the path:"),
        el("ul", "walk-list",
          row(partial(z(), w()), indexed("a", [0], L - 1), a(L - 1, 0), "walk-input", "how active the input was"),
          row(partial(act(), z()), sigmaPrime(z()), slope(L, 0), "walk-slope", "how responsive the neuron is"),
          row(partial(c0(), act()), errorFactor(network.loss), gradA(L, 0), "walk-error", "how wrong the output is"),
        ),
        p(eq(partial(c0(), w())), " = input × slope × error = ", num(gradW(L, 0, 0), "walk-gradient"),
          ": the same three factors as the panel on the right."),
      ];
    },
  },
  {
    key: "bias",
    title: "The bias",
    focus: (network) => {
      const L = network.layers.length - 1;
      return outputFocus(network, { highlight: { edges: [], neurons: [neuron(L, 0)] } });
    },
    text(ctx) {
      const { L, gradB } = reader(ctx);
      const z = () => indexed("z", [0], L);
      return [
        p("The bias enters the weighted input with factor 1: ", eq(partial(z(), indexed("b", [0], L)), mo("="), mn(1)),
          ". So its gradient is the weight's without the input factor:"),
        hasJacobian(ctx.network.output_activation)
          ? block(partial(c0(), indexed("b", [0], L)), mo("="), indexed("δ", [0], L))
          : block(partial(c0(), indexed("b", [0], L)), mo("="), partial(c0(), indexed("a", [0], L)), mo("×"), sigmaPrime(z())),
        p("= ", num(gradB(L, 0), "walk-bias-gradient"),
          " for this example. A weight scales one incoming signal; a bias shifts the neuron as a whole."),
      ];
    },
  },
  {
    key: "pass-back",
    title: "Passing the error back",
    focus: (network) => {
      const L = network.layers.length - 1;
      return outputFocus(network, L >= 2 ? { edge: edge(L - 1, 0, 0) } : {});
    },
    text(ctx) {
      const { L, gradA, slope, delta, w } = reader(ctx);
      const { network } = ctx;
      if (L < 2) {
        return [p("This network has no hidden layer: the error passed back lands on the inputs, ",
          eq(partial(c0(), indexed("a", [0], 0))), " = ", num(gradA(0, 0), "walk-passed-error"),
          ", and inputs have no weights to learn. Try a network with a hidden layer.")];
      }
      // As the engine forms it, w x delta: the error factor dC/da may exceed float64 (null) under
      // cross-entropy while delta = a - y stays finite.
      const contribution = w(L, 0, 0) * delta(L, 0);
      const prev = () => indexed("a", [0], L - 1);
      const outputs = network.layers[L];
      return [
        p(eq(prev()), " is not a parameter, yet the cost depends on it through ", eq(indexed("w", [0, 0], L)),
          ", and ", eq(partial(indexed("z", [0], L), prev()), mo("="), indexed("w", [0, 0], L)), ". So:"),
        hasJacobian(network.output_activation)
          ? block(m("mtext", "this path's term: "), indexed("δ", [0], L), mo("×"), indexed("w", [0, 0], L))
          : block(partial(c0(), prev()), mo("="), partial(c0(), indexed("a", [0], L)), mo("×"),
            sigmaPrime(indexed("z", [0], L)), mo("×"), indexed("w", [0, 0], L)),
        hasJacobian(network.output_activation) ? softmaxPassBack(ctx, L)
          : p("= ", num(gradA(L, 0), "walk-term-error"), " × ", num(slope(L, 0), "walk-term-slope"), " × ",
            num(w(L, 0, 0), "walk-term-weight"), " = ", num(contribution, "walk-path-contribution"), "."),
        p(outputs === 1
          ? el("span", "", "With one output that is all of it: ", eq(partial(c0(), prev())), " = ",
            num(gradA(L - 1, 0), "walk-passed-error"), ".")
          : el("span", "", `This neuron feeds all ${outputs} outputs; their paths together give `,
            eq(partial(c0(), prev())), " = ", num(gradA(L - 1, 0), "walk-passed-error"), " (next step: the sum)."),
        ),
        p("Take the error, multiply by the slope and the weight, send it one layer back: that is the ",
          "backward pass. It becomes the error factor of the weights into layer ", String(L - 1),
          "; the panel now shows ", eq(indexed("w", [0, 0], L - 1)), "."),
      ];
    },
  },
  {
    key: "sum",
    title: "Several neurons: the sum over paths",
    focus: (network) => {
      const h = widestHidden(network);
      if (h === null) return outputFocus(network);
      return {
        edge: edge(h, 0, 0),
        highlight: {
          edges: range(network.layers[h + 1]).map((i) => edge(h + 1, i, 0)),
          neurons: [neuron(h, 0), ...layerNeurons(network, h + 1)],
        },
      };
    },
    text(ctx) {
      const { network } = ctx;
      const h = widestHidden(network);
      const { gradA, slope, delta, w } = reader(ctx);
      if (h === null) {
        return [p("This network has no hidden layer, so no neuron's error is passed on to another one. ",
          "With a hidden layer, a neuron that feeds several neurons collects one term per path.")];
      }
      const count = network.layers[h + 1];
      const target = () => indexed("a", [0], h);
      const rows = range(count).map((i) => {
        const term = w(h + 1, i, 0) * delta(h + 1, i);
        return el("tr", "", el("td", "", String(i)),
          el("td", "", short(w(h + 1, i, 0), "walk-path-weight", { "data-i": i })),
          el("td", "", short(slope(h + 1, i), "walk-path-slope", { "data-i": i })),
          el("td", "", short(gradA(h + 1, i), "walk-path-error", { "data-i": i })),
          el("td", "", short(term, "walk-path-term", { "data-i": i })));
      });
      const head = el("tr", "", ...["i", "w", "σ′(z)", "∂C₀/∂a", "term"].map((t) => el("th", "", t)));
      return [
        p(eq(target()), count === 1
          ? " feeds one neuron of the next layer: a single path, so no sum appears (in a wider layer it would)."
          : ` feeds all ${count} neurons of layer ${h + 1}. Each is a path to the cost, lit in the drawing, and the paths add up:`),
        block(partial(c0(), target()), mo("="), m("munder", mo("∑"), mi("i")),
          sym("w", "i0", h + 1), sigmaPrime(sym("z", "i", h + 1)), partial(c0(), sym("a", "i", h + 1))),
        ...(slopeAt(ctx.pass, h + 1, 0) === null ? [softmaxPathsNote()] : []),
        scrolling(el("table", "walk-table", el("thead", "", head), el("tbody", "", ...rows)), "The paths, one row per neuron i"),
        p("Sum of the terms: ", eq(partial(c0(), target())), " = ", num(gradA(h, 0), "walk-path-sum"),
          ". That is the error factor of every weight into this neuron, e.g. ", eq(indexed("w", [0, 0], h)),
          " in the panel. The sum is the easy-to-miss part of the multi-neuron case."),
      ];
    },
  },
  {
    key: "delta",
    title: "Delta notation",
    focus: (network) => {
      const L = network.layers.length - 1;
      return outputFocus(network, {
        tab: "layer", layer: L, highlight: { edges: [], neurons: layerNeurons(network, L) },
      });
    },
    text(ctx) {
      const { L, delta, a, gradW, gradB } = reader(ctx);
      return [
        p("The product error × slope keeps coming back, so it gets a name:"),
        block(sym("δ", "j", "l"), mo(":="), partial(c0(), sym("z", "j", "l")), mo("="),
          partial(c0(), sym("a", "j", "l")), sigmaPrime(sym("z", "j", "l"))),
        p("For output 0 of this example ", eq(indexed("δ", [0], L)), " = ", num(delta(L, 0), "walk-delta"),
          ". Then ", eq(partial(c0(), indexed("b", [0], L))), " = δ = ", num(gradB(L, 0), "walk-delta-bias"), " and ",
          eq(partial(c0(), indexed("w", [0, 0], L)), mo("="), indexed("a", [0], L - 1), indexed("δ", [0], L)),
          " = ", num(a(L - 1, 0), "walk-delta-input"), " × δ = ", num(gradW(L, 0, 0), "walk-delta-gradient"), "."),
        p("A hidden neuron's δ sums over the neurons it feeds: ",
          eq(sym("δ", "k", "l"), mo("="), mo("("), m("munder", mo("∑"), mi("j")),
            sym("w", "jk", "l+1"), sym("δ", "j", "l+1"), mo(")"), sigmaPrime(sym("z", "k", "l"))),
          ". The layer view below shows the whole output layer's δ."),
      ];
    },
  },
  {
    key: "matrix",
    title: "Matrix form",
    focus: (network) => {
      const L = network.layers.length - 1;
      const l = L >= 2 ? L - 1 : L;
      const edges = l < L ? layerEdges(network, l + 1) : [];
      const neurons = [...layerNeurons(network, l), ...(l < L ? layerNeurons(network, l + 1) : [])];
      return { edge: edge(l, 0, 0), tab: "layer", layer: l, highlight: { edges, neurons } };
    },
    text(ctx) {
      const { L, delta } = reader(ctx);
      const l = L >= 2 ? L - 1 : L;
      const { network } = ctx;
      return [
        p("A whole layer at once. The sums over paths become a matrix product with the transposed weights, ",
          "the slopes multiply entry by entry (⊙):"),
        block(sym("δ", "", "l"), mo("="), mo("("), m("msup", sym("W", "", "l+1"), mi("T")),
          sym("δ", "", "l+1"), mo(")"), mo("⊙"), sigmaPrime(sym("z", "", "l"))),
        block(partial(c0(), sym("W", "", "l")), mo("="), sym("δ", "", "l"), m("msup", sym("a", "", "l-1"), mi("T"))),
        p(`The layer view below fills these in for layer ${l} (${plural(network.layers[l], "neuron")}) with this example's numbers, e.g. `,
          eq(indexed("δ", [0], l)), " = ", num(delta(l, 0), "walk-matrix-delta"),
          `. ∂C₀/∂W is ${network.layers[l]}×${network.layers[l - 1]}: one entry per weight, the numbers behind the edge colours.`),
      ];
    },
  },
  {
    key: "average",
    title: "Averaging over the data",
    batch: true,
    focus: (network) => ({ ...outputFocus(network), tab: undefined }),
    text(ctx) {
      const { L, gradW } = reader(ctx);
      const { network, walkBatch, exampleIndex } = ctx;
      const w = () => indexed("w", [0, 0], L);
      const intro = [
        p("Everything so far belonged to one example and its cost ", eq(c0()),
          ". Training lowers the mean over the data, so its gradient is the mean of the examples' gradients:"),
        block(mi("C"), mo("="), m("mfrac", mn(1), mi("n")), m("munder", mo("∑"), mi("x")), m("msub", mi("C"), mi("x"))),
        block(partial(mi("C"), w()), mo("="), m("mfrac", mn(1), mi("n")),
          m("munder", mo("∑"), mi("x")), partial(m("msub", mi("C"), mi("x")), w())),
      ];
      if (!network.dataset) return [...intro, p("This network has no data set to average over.")];
      // walkBatch: the current mean of this network's version (or the API's refusal), null while it loads.
      const fresh = walkBatch && !walkBatch.error;
      return [
        ...intro,
        p(`This example (${ctx.pass.example === null ? "your drawing" : `index ${exampleIndex}`}): `, eq(partial(c0(), w())), " = ", num(gradW(L, 0, 0), "walk-example-gradient"), "."),
        fresh
          ? p(`${walkBatch.examples.length === 1 ? "Mean over the one example" : `Mean over all ${plural(walkBatch.examples.length, "example")}`} of ${network.dataset}: `, eq(partial(mi("C"), w())), " = ",
            num(walkBatch.mean_gradient, "walk-mean-gradient"), ". The product of the mean factors, mean error × mean slope × mean input = ",
            num(walkBatch.product_of_means, "walk-product-of-means"),
            ", is not it: the mean of products is not the product of means.")
          : p(walkBatch && walkBatch.error ? `The mean over the data set could not be fetched: ${walkBatch.error}` : "Averaging over the data set…"),
        p("Backpropagation computes these gradients; gradient descent uses them, ",
          eq(mi("w"), mo("←"), mi("w"), mo("−"), mi("η"), partial(mi("C"), mi("w"))),
          ". A mini-batch step (Step, on the left) averages over a small batch instead of all the data."),
      ];
    },
  },
  // Last, so that without regularisation the steps are a prefix of these and keep their numbers.
  REGULARIZATION_STEP,
];

/** The steps this network's walk has: those without a `when`, and those whose `when` holds. */
export const walkSteps = (network) => WALK_STEPS.filter((step) => !step.when || step.when(network));
