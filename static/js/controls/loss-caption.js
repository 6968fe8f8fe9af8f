// The loss curve's caption: the data set's cost from the first point to the last, named by step so
// that it reads the same step as the Step readout beside it.
import { formatNumber } from "../lib/format.js";

// Written like the step numbers beside them ("at step 4388", the Step readout): no digit grouping.
const steps = (n) => `${n} ${n === 1 ? "step" : "steps"}`;

/** `evals`: the curve's data-set costs ({ step, cost }); `step`: the step the page shows. */
export function lossCaption(evals, step) {
  // A cost that left float64 is no point on the curve (the API sends null for it).
  const finite = evals.filter((p) => Number.isFinite(p.cost));
  const now = (last) => (step !== null && step !== last.step ? ` The network is now at step ${step}.` : "");
  if (!finite.length) return "Train to draw the cost curve.";
  const last = finite.at(-1);
  if (finite.length === 1) {
    return `Data set cost at step ${last.step}: ${formatNumber(last.cost)}.${now(last)} Train to draw the cost curve.`;
  }
  const first = finite[0];
  return `Data set cost went from ${formatNumber(first.cost)} at step ${first.step} to ${formatNumber(last.cost)} `
    + `at step ${last.step} (over ${steps(last.step - first.step)}).${now(last)}`;
}
