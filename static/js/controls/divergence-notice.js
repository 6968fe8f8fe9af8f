// The notice a refused training step leaves in the Training card: which step was refused, which
// was kept, and the two ways on (a smaller learning rate, or Reset). It stays while the network is
// still at the kept step; state/divergence.js says when that is.
import { formatNumber } from "../lib/format.js";
import { currentDivergence } from "../state/divergence.js";
import { setHidden } from "../lib/quiet-writes.js";

export function createDivergenceNotice(root, actions) {
  const text = root.querySelector("[data-role=divergence-text]");
  const rate = root.querySelector("[data-role=divergence-rate]");
  const reset = root.querySelector("[data-role=divergence-reset]");
  rate.addEventListener("click", () => actions.useSmallerLearningRate());
  reset.addEventListener("click", () => actions.reset());

  function render(state) {
    const notice = currentDivergence(state);
    setHidden(root, !notice);
    if (!notice) {
      delete root.dataset.step;
      return;
    }
    root.dataset.step = String(notice.step);
    root.dataset.keptStep = String(notice.keptStep);
    text.textContent = `Step ${notice.step} was refused: after it the cost would no longer be a finite `
      + `number. The network stays at step ${notice.keptStep}, the last step kept.`;
    const smaller = notice.smallerLearningRate;
    const already = state.learningRate !== null && state.learningRate <= smaller;
    rate.dataset.value = String(smaller);
    rate.textContent = already ? `Learning rate is ${formatNumber(state.learningRate, 4)}: press Step or Train`
      : `Use learning rate ${formatNumber(smaller, 4)}`;
    rate.disabled = already;
    // At the smallest learning rate allowed there is no smaller one to offer: Reset is the way on.
    rate.hidden = already && state.limits !== null && smaller <= state.limits.min_learning_rate;
    reset.disabled = state.training;
  }

  return { render };
}
