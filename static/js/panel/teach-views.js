// The teaching sections of the panel, and the bridge that lets them use the training controls' knobs.
import { createBatchCompare } from "./batch-compare.js";
import { createCostSwitch } from "./cost-switch.js";
import { createHandEdit } from "./hand-edit.js";
import { createNeuronPanel } from "./neuron-panel.js";
import { createPathsView } from "./paths-view.js";
import { createUpdatePreview } from "./update-preview.js";
import { createZeroFlags } from "./zero-flags.js";

/** Keeps state.knobs equal to the controls' valid learning rate and batch size. */
function createKnobBridge(controls, actions) {
  const rate = controls.querySelector("[data-role=learning-rate]");
  const batch = controls.querySelector("[data-role=batch-size]");
  const read = () => ({
    learningRate: rate.checkValidity() ? Number(rate.value) : null,
    batchSize: batch.checkValidity() ? Number(batch.value) : null,
  });
  for (const input of [rate, batch]) input.addEventListener("input", () => actions.setKnobs(read()));

  function render(state) {
    // The controls may set a value themselves (a preset's learning rate); pick it up after this render.
    const knobs = read();
    if (knobs.learningRate !== state.knobs.learningRate || knobs.batchSize !== state.knobs.batchSize) {
      queueMicrotask(() => actions.setKnobs(read()));
    }
  }

  return { render };
}

export function createTeachViews(part, actions) {
  return [
    createKnobBridge(part("controls"), actions),
    createNeuronPanel(part("neuron"), actions),
    createZeroFlags(part("zero-flags")),
    createPathsView(part("paths"), actions),
    createCostSwitch(part("cost-switch"), actions),
    createBatchCompare(part("batch-compare"), actions),
    createUpdatePreview(part("update-preview"), actions),
    createHandEdit(part("hand-edit"), actions),
  ];
}
