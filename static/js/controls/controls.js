// Training controls: one step, repeated steps, reset, and the knobs they use (kept in the state).
import { drawnValues } from "../drawing/drawn-values.js";
import { formatNumber, plural } from "../lib/format.js";
import { datasetOf } from "../state/state.js";
import { fieldError, knobProblem } from "../state/field-errors.js";
import { showFieldError } from "./field-errors.js";
import { createPace } from "../lib/live-pace.js";
import { setAttr, setDisabled, setText } from "../lib/quiet-writes.js";

export function createControls(root, actions) {
  const field = (name) => root.querySelector(`[data-role=${name}]`);
  const step = field("step");
  const train = field("train");
  const reset = field("reset");
  const rate = field("learning-rate");
  const batch = field("batch-size");
  const cost = field("cost");
  const stepCount = field("step-count");
  const speed = field("speed");
  const trainSteps = field("train-steps");
  const trainN = field("train-n");

  // The knob, its control's name in state.fieldErrors ("training:<name>"), and where its message goes.
  const knobs = [[rate, "learning_rate", null], [batch, "batch_size", null], [trainSteps, "train_steps", trainSteps.closest("label")]];
  // A knob's own problem shows once it was changed or a train button was pressed, not mid-typing.
  const judged = new Set();
  let lastState = null;

  function ownProblem(state, name) {
    const dataset = datasetOf(state);
    const value = { learning_rate: state.learningRate, batch_size: state.batchSize, train_steps: state.trainSteps }[name];
    return knobProblem(name, value, { limits: state.limits, datasetSize: dataset ? dataset.size : Infinity });
  }

  function showKnobErrors(state) {
    if (!state) return;
    for (const [input, name, anchor] of knobs) {
      showFieldError(input, (judged.has(name) && ownProblem(state, name)) || fieldError(state, `training:${name}`), anchor);
    }
  }

  /** Shows each invalid knob's message beside it; true if there was one (a press then does nothing,
   * and the focus goes to the knob to fix). */
  function reportInvalid(names = ["learning_rate", "batch_size", "train_steps"], { focus = true } = {}) {
    for (const name of names) judged.add(name);
    showKnobErrors(lastState);
    const invalid = lastState && knobs.find(([, name]) => names.includes(name) && ownProblem(lastState, name));
    if (invalid && focus) invalid[0].focus();
    return Boolean(invalid);
  }
  for (const [input, name] of knobs) input.addEventListener("change", () => reportInvalid([name], { focus: false }));

  const typed = (input) => (input.value.trim() === "" || !Number.isFinite(Number(input.value)) ? null : Number(input.value));
  rate.addEventListener("input", () => actions.setLearningRate(typed(rate)));
  batch.addEventListener("input", () => actions.setBatchSize(typed(batch)));
  step.addEventListener("click", () => {
    if (!reportInvalid(["learning_rate", "batch_size"])) actions.step();
  });
  train.addEventListener("click", (event) => {
    if (event.currentTarget.getAttribute("aria-pressed") === "true") actions.pause();
    else if (!reportInvalid(["learning_rate", "batch_size"])) actions.startTraining();
  });
  reset.addEventListener("click", () => actions.reset());
  trainSteps.addEventListener("input", () => actions.setTrainSteps(typed(trainSteps)));
  trainN.addEventListener("click", () => {
    if (!reportInvalid()) actions.trainN();
  });
  // A new speed while training restarts the stream from the saved step, as a new learning rate does.
  speed.addEventListener("change", () => actions.setSpeed(speed.value === "full" ? null : Number(speed.value)));
  let training = false;
  // The stream was opened with the old knobs: a new one picks up the new values.
  for (const input of [rate, batch]) {
    input.addEventListener("change", () => {
      if (training && !reportInvalid(["learning_rate", "batch_size"], { focus: false })) actions.restartTraining();
    });
  }

  let limitsApplied = false;

  /** The state's value in the field, unless the field already says it (or holds an unfinished number). */
  function show(input, value) {
    if (value !== null && typed(input) !== value) input.value = String(value);
  }

  function render(state) {
    lastState = state;
    showKnobErrors(state);
    const { network, limits } = state;
    ({ training } = state);
    if (limits && !limitsApplied) {
      rate.min = limits.min_learning_rate;
      rate.max = limits.max_learning_rate;
      batch.max = limits.max_batch_size;
      trainSteps.max = limits.max_stream_steps;
      limitsApplied = true;
    }
    show(rate, state.learningRate);
    show(batch, state.batchSize);
    show(trainSteps, state.trainSteps);
    const choice = state.speed === null ? "full" : String(state.speed);
    if (speed.value !== choice) speed.value = choice;
    const n = state.trainSteps;
    setText(trainN, Number.isInteger(n) && n > 0 ? `Train ${plural(n, "step")}` : "Train N steps");
    const dataset = datasetOf(state);
    // Written only when they change: rewriting an input's max or a button's state restyles it.
    if (dataset && limits) setAttr(batch, "max", Math.min(limits.max_batch_size, dataset.size));
    const canTrain = Boolean(dataset);
    setDisabled(train, !canTrain);
    setAttr(train, "aria-pressed", training ? "true" : "false");
    setText(train, training ? "Pause" : "Train");
    setDisabled(step, !canTrain || training);
    setDisabled(trainN, !canTrain || training);
    setDisabled(reset, !network);
    if (!network) return;
    readouts.render(state);
  }

  // While training live, the newest frame's step and data-set cost (float64 in every frame), at
  // most READOUT_FPS times a second at full speed.
  const readouts = createPace((state) => {
    const { network } = state;
    const { step: at, cost: now } = drawnValues(state);
    setText(stepCount, datasetOf(state) ? String(at) : `${at} (training needs a data set)`);
    // null: no data set, or a cost beyond float64 (a network edited or imported far out).
    setText(cost, now !== null ? formatNumber(now, 5) : network.dataset ? "— (not a finite number)" : "— (no data set)");
    setAttr(cost, "data-value", now === null ? "" : String(now));
  });

  return { render };
}
