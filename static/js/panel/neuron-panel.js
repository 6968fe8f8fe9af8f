// The neuron view: one neuron's delta, bias gradient and error, and its incoming weights by |gradient|.
import { el, value } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";
import { editRow, undoKey, undoRow } from "./hand-edit.js";
import { c0, indexed, math, mo, partial, sigmaPrime } from "../lib/mathml.js";
import { FLAG_MARKS, neuronFlags, SATURATION_SLOPE } from "./zero-flags.js";
import { isCurrent } from "../state/freshness.js";
import { currentPass } from "../state/state.js";
import { isRegularized } from "../lib/regularization.js";
import { slopeAt } from "../lib/softmax.js";

const FIRST_ROWS = 12;

function quantity(symbol, number, name, meaning) {
  return el("div", "neuron-quantity",
    el("span", "neuron-symbol", math(null, ...symbol)),
    value(number, { "data-quantity": name }),
    el("span", "small muted", meaning));
}

function incomingRow(row, layer, j, actions) {
  const tr = el("tr", "incoming-weight",
    el("th", "", `k = ${row.k}`),
    ...["error", "slope", "input", "gradient"].map((name) => el("td", "", name === "slope" && row.slope === null
      ? Object.assign(el("span", "value", "Jacobian"), { title: "softmax: no slope per neuron; gradient = δ × input" })
      : value(row[name], { "data-term": name }))));
  tr.dataset.k = row.k;
  tr.tabIndex = 0;
  tr.setAttribute("role", "button");
  tr.title = `open the breakdown of w${j}${row.k} of layer ${layer}`;
  const open = () => actions.selectEdge({ layer, j, k: row.k });
  tr.addEventListener("click", open);
  tr.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      open();
    }
  });
  return tr;
}

function incomingTable(pass, layer, j, actions, showAll) {
  const rows = pass.a[layer - 1].map((input, k) => ({
    k, error: pass.grad_a[layer][j], slope: slopeAt(pass, layer, j), input, gradient: pass.grad_w[layer - 1][j][k],
  }));
  rows.sort((p, q) => Math.abs(q.gradient) - Math.abs(p.gradient) || p.k - q.k);
  const shown = showAll ? rows : rows.slice(0, FIRST_ROWS);
  const head = el("tr", "", ...["from", "error", "× slope", "× input", "= gradient"].map((t) => el("th", "", t)));
  return {
    table: el("table", "incoming-table",
      el("caption", "", `Incoming weights, largest |gradient| first (click one to open it)`),
      el("thead", "", head), el("tbody", "", ...shown.map((row) => incomingRow(row, layer, j, actions)))),
    hidden: rows.length - shown.length,
  };
}

export function createNeuronPanel(root, actions) {
  let shown = null;
  let showAll = false;
  let last = null;

  function close() {
    actions.selectNeuron(null);
  }

  function render(state) {
    last = state;
    const { neuron, network } = state;
    // While the pass of this version and example loads, the last numbers stay.
    const pass = currentPass(state);
    if (!pass) return;
    const id = `${neuron.layer}:${neuron.j}`;
    const error = isCurrent(state.editError, state) && state.editError.message;
    const undo = undoKey(state);
    const moved = !shown || shown.id !== id || root.hidden;
    if (moved) showAll = false;
    if (!moved && shown.pass === pass && shown.network === network && shown.showAll === showAll && shown.error === error
        && shown.undo === undo) return;
    shown = { id, pass, network, showAll, error, undo };
    const { layer: l, j } = neuron;
    const closeButton = el("button", "neuron-close", "×");
    closeButton.type = "button";
    closeButton.setAttribute("aria-label", "close the neuron view");
    closeButton.addEventListener("click", close);
    const heading = el("div", "neuron-heading",
      el("h3", "", `Neuron ${j} of layer ${l}${l === 0 ? " (input)" : l === network.layers.length - 1 ? " (output)" : ""}`), closeButton);
    const flags = neuronFlags(network, pass, l, j);
    const flagNote = flags.length
      ? el("p", "zero-note", `Flagged: ${flags.map((f) => FLAG_MARKS[f]).join(", ")}. `,
        flags.includes("dead") ? "Its slope is 0, so no gradient flows through it. " : "",
        flags.includes("saturated") ? `Its slope is below ${SATURATION_SLOPE}, so gradients through it nearly vanish. ` : "",
        flags.includes("inactive") ? "It outputs 0, so the weights leaving it get no gradient. " : "")
      : null;
    const parts = [heading];
    if (flagNote) parts.push(flagNote);
    const dCda = () => partial(c0(), indexed("a", [j], l));
    if (l === 0) {
      parts.push(
        quantity([indexed("a", [j], 0)], pass.a[0][j], "neuron-a", "the input x of this example"),
        quantity([dCda()], pass.grad_a[0][j], "neuron-grad-a", "how much the cost cares about this input; an input has no bias and no incoming weights"));
    } else {
      parts.push(el("div", "neuron-quantities",
        quantity([indexed("z", [j], l)], pass.z[l - 1][j], "neuron-z", "weighted input"),
        quantity([indexed("a", [j], l)], pass.a[l][j], "neuron-a", "activation"),
        quantity([dCda()], pass.grad_a[l][j], "neuron-grad-a", "error: how much the cost cares about this neuron"),
        ...(slopeAt(pass, l, j) === null
          ? [el("p", "small muted jacobian-note", "Slope: softmax has none per neuron (its slope is the Jacobian ∂a/∂z), so δ is the sum over the outputs Σᵢ ∂C₀/∂aᵢ × ∂aᵢ/∂zⱼ.")]
          : [quantity([sigmaPrime(indexed("z", [j], l))], slopeAt(pass, l, j), "neuron-slope", "slope")]),
        quantity([indexed("δ", [j], l), mo("="), partial(c0(), indexed("z", [j], l))], pass.delta[l - 1][j], "neuron-delta",
          slopeAt(pass, l, j) === null ? "δ = Σᵢ error × Jacobian" : "δ = error × slope"),
        quantity([partial(c0(), indexed("b", [j], l))], pass.grad_b[l - 1][j], "neuron-grad-b",
          `= δ: the bias gradient${isRegularized(network) ? " (biases are not regularised: no penalty term, so it is also ∂C/∂b)" : ""}`)));
      const { table, hidden } = incomingTable(pass, l, j, actions, showAll);
      parts.push(el("div", "incoming-scroll", table));
      if (hidden > 0) {
        const more = el("button", "", `Show all ${pass.a[l - 1].length} (${hidden} more)`);
        more.type = "button";
        more.addEventListener("click", () => {
          showAll = true;
          render(last);
        });
        parts.push(more);
      }
      parts.push(editRow("bias", { layer: l, j }, network.biases[l - 1][j], state, actions), undoRow(state, actions));
    }
    root.replaceChildren(...parts);
    root.dataset.layer = l;
    root.dataset.j = j;
    root.hidden = false;
    if (moved) root.scrollIntoView({ block: "nearest" });
  }

  return { render };
}
