// Training controls: one step, repeated steps, reset, and the knobs they use.
import { drawnValues } from "../drawing/drawn-values.js";
import { formatNumber } from "../lib/format.js";

export function createControls(root, actions) {
  const field = (name) => root.querySelector(`[data-role=${name}]`);
  const step = field("step");
  const train = field("train");
  const reset = field("reset");
  const rate = field("learning-rate");
  const batch = field("batch-size");
  const cost = field("cost");
  const stepCount = field("step-count");

  /** The knobs' values, or null after showing the browser's message for an invalid one. */
  function readOptions() {
    for (const input of [rate, batch]) {
      if (!input.checkValidity()) {
        input.reportValidity();
        return null;
      }
    }
    return { learning_rate: Number(rate.value), batch_size: Number(batch.value) };
  }

  step.addEventListener("click", () => {
    const options = readOptions();
    if (options) actions.step(options);
  });
  train.addEventListener("click", (event) => {
    if (event.currentTarget.getAttribute("aria-pressed") === "true") {
      actions.pause();
      return;
    }
    if (readOptions()) actions.startTraining(readOptions);
  });
  reset.addEventListener("click", () => actions.reset());
  // The stream was opened with the old knobs: a new one picks up the new values.
  for (const input of [rate, batch]) input.addEventListener("change", () => actions.restartTraining(readOptions));

  let limitsApplied = false;
  let hint = null;

  function render(state) {
    const { network, limits, datasets, training } = state;
    if (limits && !limitsApplied) {
      rate.min = limits.min_learning_rate;
      rate.max = limits.max_learning_rate;
      batch.max = limits.max_batch_size;
      limitsApplied = true;
    }
    if (state.learningRateHint && state.learningRateHint !== hint) {
      hint = state.learningRateHint;
      rate.value = hint.value;
    }
    const dataset = network && datasets.find((d) => d.name === network.dataset);
    if (dataset && limits) batch.max = Math.min(limits.max_batch_size, dataset.size);
    const canTrain = Boolean(dataset);
    train.disabled = !canTrain;
    train.setAttribute("aria-pressed", training ? "true" : "false");
    train.textContent = training ? "Pause" : "Train";
    step.disabled = !canTrain || training;
    reset.disabled = !network;
    if (!network) return;
    // While training live, the newest frame's step and data-set cost (float64 in every frame).
    const { step: at, cost: now } = drawnValues(state);
    stepCount.textContent = String(at);
    cost.textContent = now === null ? "— (no data set)" : formatNumber(now, 5);
    cost.dataset.value = now === null ? "" : String(now);
    if (!canTrain) stepCount.textContent += " (training needs a data set)";
  }

  return { render };
}
