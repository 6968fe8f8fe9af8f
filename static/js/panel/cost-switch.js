// Cost choice: judge this example by squared error or (categorical) cross-entropy (nothing on the server changes).
import { el, value } from "../lib/dom.js";
import { COST_NAMES as NAMES, costFits, costMisfit, hasJacobian } from "../lib/softmax.js";
import { createFetchedSection, placeholder } from "./fetched-section.js";
import { currentAnswer, currentBreakdown, exampleBody, judgedLoss } from "../state/state.js";

const FACTORS = ["error", "slope", "input", "gradient"];
// A softmax output has no slope per neuron (null): its δ = error × Jacobian is compared instead.
const JACOBIAN_FACTORS = ["error", "bias_gradient", "input", "gradient"];
const LABELS = { bias_gradient: "δ (error × Jacobian)" };
const MAX_OUTPUTS = 10;

function switchControl(chosen, network, actions) {
  const output = network.output_activation;
  const options = Object.entries(NAMES).map(([loss, name]) => {
    const input = el("input");
    input.type = "radio";
    input.name = "cost-view";
    input.value = loss;
    input.checked = loss === chosen;
    input.disabled = !costFits(loss, output);
    input.addEventListener("change", () => actions.setCostView(loss));
    return el("label", "", input, ` ${name}${loss === network.loss ? " (the network's)" : ""}`);
  });
  const fieldset = el("fieldset", "cost-choice", el("legend", "", "Judge this example by"), ...options);
  for (const loss of Object.keys(NAMES)) {
    if (costMisfit(loss, output)) fieldset.append(el("p", "small muted", costMisfit(loss, output)));
  }
  return fieldset;
}

function factorTable(own, other) {
  const columns = [own, other].filter(Boolean);
  const head = el("tr", "", el("th", "", "factor"), ...columns.map((c) => el("th", "", NAMES[c.loss])), other ? el("th", "", "") : "");
  const rows = (own.breakdown.jacobian ? JACOBIAN_FACTORS : FACTORS).map((name) => {
    const cells = columns.map((c) => el("td", "", value(c.breakdown[name], { "data-cost": c.loss, "data-term": name })));
    const changed = other && own.breakdown[name] !== other.breakdown[name];
    const mark = other ? el("td", changed ? "changed" : "same", changed ? "changed" : "same") : "";
    const row = el("tr", "", el("th", "", LABELS[name] || name), ...cells, mark);
    if (other) row.dataset.changed = String(changed);
    row.dataset.termRow = name;
    return row;
  });
  return el("table", "cost-table", el("thead", "", head), el("tbody", "", ...rows));
}

function outputTable(pass, loss, network) {
  const last = pass.a.length - 1;
  const jacobian = hasJacobian(network.output_activation);
  const a = pass.a[last];
  const shown = a.slice(0, MAX_OUTPUTS).map((output, j) => {
    const y = pass.y[j];
    const row = el("tr", "",
      el("th", "", `j = ${j}`),
      ...[["a", output], ["y", y], ["a-minus-y", output - y], ["error", pass.grad_a[last][j]],
        ...(jacobian ? [] : [["slope", pass.slope[last - 1][j]]]), ["delta", pass.delta[last - 1][j]]]
        .map(([name, number]) => el("td", "", value(number, { "data-term": name }))));
    row.dataset.output = j;
    return row;
  });
  const head = el("tr", "", ...["", "a", "y", "a − y", "error ∂C/∂a", ...(jacobian ? [] : ["slope σ′"]), "δ⁽ᴸ⁾"].map((t) => el("th", "", t)));
  const caption = CAPTIONS[jacobian ? `softmax-${loss}` : loss] || CAPTIONS.mse;
  const table = el("table", "cost-table outputs", el("caption", "", caption), el("thead", "", head), el("tbody", "", ...shown));
  const more = a.length > MAX_OUTPUTS ? el("p", "small muted", `First ${MAX_OUTPUTS} of ${a.length} outputs.`) : "";
  return el("div", "", table, more);
}

const CAPTIONS = {
  cross_entropy: "Cross-entropy's error (a − y) / (a(1 − a)) meets the sigmoid's slope a(1 − a): they cancel, and δ⁽ᴸ⁾ = a − y.",
  mse: "Squared error: δ⁽ᴸ⁾ = 2(a − y) × σ′(z), so a flat (saturated) output slows learning even when a is far from y.",
  "softmax-categorical_cross_entropy": "Softmax has no slope per output: its slope is the Jacobian ∂aᵢ/∂zⱼ = aᵢ(1[i=j] − aⱼ). " +
    "The error −y/a through it sums to δ⁽ᴸ⁾ = a − y, the same simple δ as a sigmoid output with cross-entropy, but here the Jacobian does the cancelling across all outputs.",
  "softmax-mse": "Squared error through softmax's Jacobian: δⱼ = aⱼ(eⱼ − Σᵢ aᵢeᵢ) with e = 2(a − y), a sum over every output, and small wherever the outputs are near 0 or 1, as with a saturated sigmoid.",
};

/** The selected weight and the example judged by the chosen cost: its breakdown and its pass. */
export function fetchCostComparison(state, api) {
  const { network, selected } = state;
  const judged = { ...exampleBody(state), loss: judgedLoss(state) };
  return Promise.all([api.breakdown(network.id, selected, judged), api.backprop(network.id, judged)])
    .then(([breakdown, pass]) => ({ breakdown, pass }));
}

export function createCostSwitch(root, actions) {
  const signature = (state) => [currentAnswer(state, "cost"), currentBreakdown(state), judgedLoss(state), state.network];
  return createFetchedSection(root, signature, (state, body) => {
    const { network } = state;
    const chosen = judgedLoss(state);
    const current = currentAnswer(state, "cost");
    const breakdown = currentBreakdown(state);
    root.dataset.loss = chosen;
    const parts = [switchControl(chosen, network, actions)];
    const complete = !placeholder(root, parts, breakdown && current);
    if (complete) {
      const other = chosen === network.loss ? null : current;
      parts.push(
        el("p", "small", other
          ? `Only the error factor depends on the cost: ${breakdown.jacobian ? "the Jacobian" : "slope"} and input are the same under ${NAMES[chosen]}, so the gradient changes through the error alone${breakdown.jacobian ? " (and the δ it sums to)" : ""}. The network itself still uses ${NAMES[network.loss]}.`
          : "This is the network's own cost. Switch to see which factor changes."),
        factorTable({ loss: network.loss, breakdown }, other ? { loss: chosen, breakdown: current.breakdown } : null),
        outputTable(current.pass, chosen, network));
    }
    body.replaceChildren(...parts);
    return complete;
  });
}
