// Cost choice: judge this example by squared error or cross-entropy (nothing on the server changes).
import { el, value } from "../lib/dom.js";
import { createFetchedSection, placeholder } from "./fetched-section.js";
import { currentAnswer, currentBreakdown, exampleBody, judgedLoss } from "../state/state.js";

const NAMES = { mse: "squared error", cross_entropy: "cross-entropy" };
const FACTORS = ["error", "slope", "input", "gradient"];
const MAX_OUTPUTS = 10;

function switchControl(chosen, network, actions) {
  const sigmoid = network.output_activation === "sigmoid";
  const options = Object.entries(NAMES).map(([loss, name]) => {
    const input = el("input");
    input.type = "radio";
    input.name = "cost-view";
    input.value = loss;
    input.checked = loss === chosen;
    input.disabled = loss === "cross_entropy" && !sigmoid;
    input.addEventListener("change", () => actions.setCostView(loss));
    return el("label", "", input, ` ${name}${loss === network.loss ? " (the network's)" : ""}`);
  });
  const fieldset = el("fieldset", "cost-choice", el("legend", "", "Judge this example by"), ...options);
  if (!sigmoid) fieldset.append(el("p", "small muted", "Cross-entropy needs a sigmoid output layer (a in (0, 1))."));
  return fieldset;
}

function factorTable(own, other) {
  const columns = [own, other].filter(Boolean);
  const head = el("tr", "", el("th", "", "factor"), ...columns.map((c) => el("th", "", NAMES[c.loss])), other ? el("th", "", "") : "");
  const rows = FACTORS.map((name) => {
    const cells = columns.map((c) => el("td", "", value(c.breakdown[name], { "data-cost": c.loss, "data-term": name })));
    const changed = other && own.breakdown[name] !== other.breakdown[name];
    const mark = other ? el("td", changed ? "changed" : "same", changed ? "changed" : "same") : "";
    const row = el("tr", "", el("th", "", name), ...cells, mark);
    if (other) row.dataset.changed = String(changed);
    row.dataset.termRow = name;
    return row;
  });
  return el("table", "cost-table", el("thead", "", head), el("tbody", "", ...rows));
}

function outputTable(pass, loss) {
  const last = pass.a.length - 1;
  const a = pass.a[last];
  const shown = a.slice(0, MAX_OUTPUTS).map((output, j) => {
    const y = pass.y[j];
    const row = el("tr", "",
      el("th", "", `j = ${j}`),
      ...[["a", output], ["y", y], ["a-minus-y", output - y], ["error", pass.grad_a[last][j]],
        ["slope", pass.slope[last - 1][j]], ["delta", pass.delta[last - 1][j]]]
        .map(([name, number]) => el("td", "", value(number, { "data-term": name }))));
    row.dataset.output = j;
    return row;
  });
  const head = el("tr", "", ...["", "a", "y", "a − y", "error ∂C/∂a", "slope σ′", "δ⁽ᴸ⁾"].map((t) => el("th", "", t)));
  const caption = loss === "cross_entropy"
    ? "Cross-entropy's error (a − y) / (a(1 − a)) meets the sigmoid's slope a(1 − a): they cancel, and δ⁽ᴸ⁾ = a − y."
    : "Squared error: δ⁽ᴸ⁾ = 2(a − y) × σ′(z), so a flat (saturated) output slows learning even when a is far from y.";
  const table = el("table", "cost-table outputs", el("caption", "", caption), el("thead", "", head), el("tbody", "", ...shown));
  const more = a.length > MAX_OUTPUTS ? el("p", "small muted", `First ${MAX_OUTPUTS} of ${a.length} outputs.`) : "";
  return el("div", "", table, more);
}

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
          ? `Only the error factor depends on the cost: slope and input are the same under ${NAMES[chosen]}, so the gradient changes through the error alone. The network itself still uses ${NAMES[network.loss]}.`
          : "This is the network's own cost. Switch to see which factor changes."),
        factorTable({ loss: network.loss, breakdown }, other ? { loss: chosen, breakdown: current.breakdown } : null),
        outputTable(current.pass, chosen));
    }
    body.replaceChildren(...parts);
    return complete;
  });
}
