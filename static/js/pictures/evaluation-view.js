// Cost and accuracy over the training split and the held-out test split (/evaluate).
import { formatNumber, fullPrecision } from "../lib/format.js";
import { datasetOf } from "../state/state.js";
import { datasetLabel } from "../state/upload-actions.js";
import { setHidden, setText } from "../lib/quiet-writes.js";

const percent = (fraction) => `${formatNumber(100 * fraction, 4)} %`;

export function createEvaluationView(root) {
  const cell = (metric) => root.querySelector(`[data-metric=${metric}]`);
  const accuracyRows = root.querySelectorAll("[data-role=accuracy-row]");
  const note = root.querySelector("[data-role=split-note]");
  const stepCell = root.querySelector("[data-role=scored-step]");
  let shown = null;

  function show(metric, value, format) {
    const dd = cell(metric);
    setText(dd, value === null || value === undefined ? "—" : format(value));
    dd.dataset.value = fullPrecision(value);
  }

  function render(state) {
    const { evaluation, network } = state;
    const current = evaluation && network && evaluation.networkId === network.id ? evaluation : null;
    if (current === shown) return;
    shown = current;
    root.dataset.step = current ? String(current.step) : "";
    if (!current) {
      for (const dd of root.querySelectorAll("[data-metric]")) {
        dd.textContent = "—";
        dd.dataset.value = "";
      }
      note.textContent = "";
      if (stepCell) setText(stepCell, "");
      return;
    }
    const hasTest = current.test_size > 0;
    show("cost", current.cost, (v) => formatNumber(v, 5));
    show("accuracy", current.accuracy, percent);
    if (hasTest) {
      show("test_cost", current.test_cost, (v) => formatNumber(v, 5));
      show("test_accuracy", current.test_accuracy, percent);
    } else {
      for (const metric of ["test_cost", "test_accuracy"]) {
        cell(metric).textContent = "none";
        cell(metric).dataset.value = "";
      }
    }
    for (const row of accuracyRows) setHidden(row, current.task !== "classification");
    const split = hasTest
      ? `Test: ${current.test_size} held-out rows that training never uses (train: ${current.size}).`
      : `${datasetLabel(datasetOf(state), current.dataset)} has no held-out test split: ${current.size === 1 ? "its only row trains" : `all ${current.size} rows train`}.`;
    // Live frames score the whole data set a few times a second, not every frame: say which step.
    const behind = current.scoredStep !== undefined && current.scoredStep !== current.step;
    root.dataset.scoredStep = behind ? String(current.scoredStep) : "";
    setText(note, split);
    // In the table's corner, always there (so the card keeps its size while training): the step
    // whose parameters these scores are of.
    if (stepCell) {
      const scored = behind ? current.scoredStep : current.step;
      setText(stepCell, scored === undefined ? "" : `step ${scored.toLocaleString("en")}`);
      stepCell.title = behind
        ? "While training, the whole data set is scored a few times a second: these scores are of this step"
        : "The scores of the network at this step";
    }
  }

  return { render };
}
