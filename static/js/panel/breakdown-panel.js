// The panel for one weight: its gradient as error × slope × input, with this example's numbers.
import { el, value } from "../lib/dom.js";
import { formatNumber, relativeDifference } from "../lib/format.js";
import { c0, indexed, m, math, mo, partial, sigmaPrime } from "../lib/mathml.js";
import { currentBreakdown, currentPass } from "../state/state.js";
import { jacobianBreakdown } from "./softmax-factors.js";
import { biasNotRegularized, regularizationCheckRows, regularizationFactorRows, totalNote } from "./regularization-term.js";
import { setHidden } from "../lib/quiet-writes.js";

function errorMeaning(b, network) {
  const last = network.layers.length - 1;
  if (b.layer < last) {
    const count = network.layers[b.layer + 1];
    return `how much the cost cares about this neuron: a sum over the ${count} path${count === 1 ? "" : "s"} through layer ${b.layer + 1} it feeds`;
  }
  if (network.loss === "cross_entropy") return "how wrong the output is: (a − y) / (a(1 − a)) for cross-entropy";
  return "how wrong the output is: 2(a − y)";
}

function factorRow(operator, name, symbol, number, meaning) {
  const row = el("div", `factor factor-${name}`);
  row.append(
    el("span", "factor-operator", operator),
    el("span", "factor-symbol", math(null, symbol)),
    el("span", "factor-name", name),
    value(number, { "data-factor": name }),
    el("span", "factor-meaning", meaning),
  );
  return row;
}

// The API's numerical_note cases (app/engine/numerical_check.py), as a heading for the reason.
const CHECK_CASES = {
  kink: "A ReLU kink within h",
  below_resolution: "A change below float64's resolution",
  huge_parameter: "h is lost in a huge number",
  round_off: "Round-off",
  l1_corner: "The corner of |w| within h",
  unexplained: "The cost bends within h",
};

function checkRow(label, backprop, numerical, note) {
  const difference = backprop === null || numerical === null ? null : relativeDifference(backprop, numerical);
  const cell = (...children) => el("td", "", ...children);
  const shown = difference === null ? "—" : formatNumber(difference, 2);
  // A disagreement that has a reason points to it rather than standing alone as "1".
  return el("tr", "", el("th", "", label), cell(value(backprop)),
    cell(value(numerical, { "data-quantity": `numerical-${label}-gradient` })),
    cell(shown, ...(note ? [el("span", "small muted", ` (${note.case === "round_off" ? "round-off" : "backprop is right"}: see below)`)] : [])));
}

function checkNote(label, note) {
  const p = el("p", "check-note", el("b", "", `${label[0].toUpperCase()}${label.slice(1)}: ${CHECK_CASES[note.case] || note.case}. `), note.text);
  p.dataset.note = label;
  p.dataset.case = note.case;
  return p;
}

function numericalChecks(b) {
  const head = el("tr", "", ...["", "backprop", "numerical", "relative difference"].map((t) => el("th", "", t)));
  const table = el("table", "checks",
    el("caption", "", "Backprop against a central difference (C(w + h) − C(w − h)) / 2h"),
    el("thead", "", head),
    el("tbody", "", checkRow("weight", b.gradient, b.numerical_gradient, b.numerical_note),
      checkRow("bias", b.bias_gradient, b.numerical_bias_gradient, b.numerical_bias_note),
      ...regularizationCheckRows(b)));
  const notes = [["weight", b.numerical_note], ["bias", b.numerical_bias_note], ["total", totalNote(b)]].filter(([, note]) => note);
  const box = el("div", "check-notes", ...notes.map(([label, note]) => checkNote(label, note)));
  box.dataset.role = "check-notes";
  return el("div", "checks-block", table, box);
}

export function createBreakdownPanel(root) {
  const empty = root.querySelector("[data-role=breakdown-empty]");
  const body = root.querySelector("[data-role=breakdown-body]");
  let shown = null;
  let shownPass = null; // a softmax output's sum over the outputs is read from the pass

  function render(state) {
    const { network, selected } = state;
    const b = currentBreakdown(state);
    body.classList.toggle("is-stale", Boolean(selected) && !b);
    if (!selected) {
      setHidden(body, true);
      setHidden(empty, false);
      for (const name of ["layer", "j", "k", "example"]) root.removeAttribute(`data-selected-${name}`);
      shown = null;
    }
    const pass = b && b.jacobian ? currentPass(state) : null;
    if (!b || (shown === b && shownPass === pass)) return;
    shown = b;
    shownPass = pass;
    const { layer: l, j, k } = b;
    // MathML nodes can sit in one place only, so each use builds its own.
    const w = () => indexed("w", [j, k], l);
    const a = () => indexed("a", [j], l);
    const z = () => indexed("z", [j], l);
    const input = () => indexed("a", [k], l - 1);

    const heading = el("div", "breakdown-heading",
      el("span", "breakdown-weight", math(null, w(), mo("="), m("mn", formatNumber(b.weight, 5)))),
      el("span", "breakdown-where", `from neuron ${k} of layer ${l - 1} to neuron ${j} of layer ${l}, example ${b.example ?? "custom"}`),
    );
    const formula = el("div", "formula",
      math("block", partial(c0(), w()), mo("="), partial(c0(), a()), mo("×"), sigmaPrime(z()), mo("×"), input()));
    const product = b.error === null ? null : b.error * b.slope * b.input;
    const factors = el("div", "factors",
      factorRow("", "error", partial(c0(), a()), b.error, errorMeaning(b, network)),
      factorRow("×", "slope", sigmaPrime(z()), b.slope, "how responsive the neuron is at its current input"),
      factorRow("×", "input", input(), b.input, "how active the input was"),
      factorRow("=", "gradient", partial(c0(), w()), b.gradient,
        `error × slope × input = ${product === null ? "—" : formatNumber(product, 5)}: how much the cost changes per unit change of this weight`),
      ...regularizationFactorRows(b, w),
    );
    const bias = el("div", "bias",
      el("span", "bias-formula", math(null, partial(c0(), indexed("b", [j], l)), mo("="), m("mtext", "error"), mo("×"), m("mtext", "slope"), mo("="))),
      value(b.bias_gradient, { "data-quantity": "bias-gradient" }),
      el("span", "bias-note", `the input factor is replaced by 1 (b = ${formatNumber(b.bias, 5)})`),
      ...biasNotRegularized(b),
    );
    const checks = numericalChecks(b);
    const note = el("p", "note",
      "These factors belong to this one example. A training step uses the mean of the products over a mini-batch, which is not the product of the mean factors.");
    // A softmax output has no slope per neuron: its own formula, factors and sum over the outputs.
    const middle = b.jacobian ? jacobianBreakdown(b, pass, network) : [formula, factors, bias];
    if (b.jacobian) middle[1].append(...regularizationFactorRows(b, w));
    body.replaceChildren(heading, ...middle, checks, note);
    // Which weight and example the numbers belong to, so a reader (or a test) can tell they are current.
    root.dataset.selectedLayer = l;
    root.dataset.selectedJ = j;
    root.dataset.selectedK = k;
    root.dataset.selectedExample = b.example ?? "";
    body.hidden = false;
    empty.hidden = true;
  }

  return { render };
}
