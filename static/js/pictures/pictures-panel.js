// The card of pictures for networks with one or two inputs: the decision boundary or the fitted
// curve, the hidden neurons' heatmaps, and the cost per split.
import { createCurveView } from "./curve-view.js";
import { createDecisionBoundary } from "./decision-boundary.js";
import { createEvaluationView } from "./evaluation-view.js";
import { createNeuronHeatmaps } from "./neuron-heatmaps.js";
import { planeInputs } from "../state/data-rows.js";
import { setHidden } from "../lib/quiet-writes.js";

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
    const inputs = network ? planeInputs(network) : 0;
    setHidden(root, !(network && network.dataset && inputs <= 2));
    if (root.hidden) return;
    setHidden(boundaryNote, inputs !== 2);
    setHidden(curveNote, inputs !== 1);
    for (const view of views) view.render(state);
  }

  return { render };
}
