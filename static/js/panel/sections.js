// The registry of the panel's teaching sections: adding one is one entry here, one view module and
// one element with its data-part in templates/index.html (docs/PAGE.md has the recipe).
import { createBatchCompare, fetchBatch } from "./batch-compare.js";
import { createCostSwitch, fetchCostComparison } from "./cost-switch.js";
import { createHandEdit } from "./hand-edit.js";
import { createNeuronPanel } from "./neuron-panel.js";
import { createNeuronImages, neuronImageTarget } from "../pictures/neuron-image.js";
import { createPathsView } from "./paths-view.js";
import { createUpdatePreview, fetchPreview } from "./update-preview.js";
import { createZeroFlags } from "./zero-flags.js";
import { setHidden } from "../lib/quiet-writes.js";

const weightChosen = (state) => Boolean(state.network && state.selected);
const neuronChosen = (state) => Boolean(state.network && state.neuron);

/**
 * id: the section's name in state.open and state.answers; part: its element's data-part;
 * view(root, actions): its view, rendered only while applies(state); fetch(state, api): what it
 * asks the server for while its <details> is open, and scope: what that answer depends on besides
 * the network's version (see state/freshness.js).
 */
export const SECTIONS = [
  { id: "zero", part: "zero-flags", view: createZeroFlags, applies: weightChosen },
  { id: "paths", part: "paths", view: createPathsView, applies: weightChosen },
  {
    id: "cost", part: "cost-switch", view: createCostSwitch, applies: weightChosen,
    fetch: fetchCostComparison, scope: { section: "cost", about: "weight", inputs: ["costView"] },
  },
  {
    id: "batch", part: "batch-compare", view: createBatchCompare, applies: weightChosen,
    fetch: fetchBatch, scope: { section: "batch", about: "weight", inputs: ["batchSize"] },
  },
  {
    id: "preview", part: "update-preview", view: createUpdatePreview, applies: weightChosen,
    fetch: fetchPreview, scope: { section: "preview", about: "weight", inputs: ["learningRate"] },
  },
  { id: "edit", part: "hand-edit", view: createHandEdit, applies: weightChosen },
  { id: "neuron", part: "neuron", view: createNeuronPanel, applies: neuronChosen },
  // An image network's first-layer neuron (or weight): its weights and gradient as pictures.
  { id: "neuron-image", part: "neuron-image", view: createNeuronImages, applies: (state) => Boolean(neuronImageTarget(state)) },
];

/** The sections' views: each hidden while it does not apply; one that fetches says when it opens. */
export function createSectionViews(part, actions) {
  return SECTIONS.map((section) => {
    const root = part(section.part);
    const view = section.view(root, actions);
    if (section.fetch) root.addEventListener("toggle", () => actions.setSectionOpen(section.id, root.open));
    return {
      render(state) {
        if (section.applies(state)) view.render(state);
        else setHidden(root, true);
      },
    };
  });
}
