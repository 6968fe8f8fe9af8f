// The card of pictures for networks with one or two inputs: the decision boundary or the fitted
// curve, the hidden neurons' heatmaps, and the cost per split.
import { createCurveView } from "./curve-view.js";
import { createDecisionBoundary } from "./decision-boundary.js";
import { createEvaluationView } from "./evaluation-view.js";
import { createNeuronHeatmaps } from "./neuron-heatmaps.js";

export function createPicturesPanel(root) {
  const part = (role) => root.querySelector(`[data-role=${role}]`);
  const boundaryNote = part("boundary-note");
  const curveNote = part("curve-note");
  const views = [
    createDecisionBoundary(part("boundary")),
    createCurveView(part("curve")),
    createNeuronHeatmaps(part("heatmaps")),
    createEvaluationView(root.querySelector(".evaluation-block")),
  ];

  function render(state) {
    const { network } = state;
    const inputs = network ? network.layers[0] : 0;
    root.hidden = !(network && network.dataset && inputs <= 2);
    if (root.hidden) return;
    boundaryNote.hidden = inputs !== 2;
    curveNote.hidden = inputs !== 1;
    for (const view of views) view.render(state);
  }

  return { render };
}
