// Update preview: what one gradient step on this example would do to the selected weight and to C_0.
import { el, value } from "../lib/dom.js";
import { createFetchedSection, placeholder } from "./fetched-section.js";
import { currentAnswer, exampleBody, learningRateOf } from "../state/state.js";
import { isRegularized } from "../lib/regularization.js";

function line(label, number, name, note = "") {
  return el("div", "preview-line", el("span", "preview-label", label), value(number, { "data-quantity": name }),
    note ? el("span", "small muted", note) : "");
}

/** One step on the current example with the controls' learning rate, as the server would take it. */
export function fetchPreview(state, api) {
  const learningRate = learningRateOf(state);
  if (learningRate === null) return Promise.resolve({ error: "Set a valid learning rate in the training controls." });
  return api.updatePreview(state.network.id, { ...state.selected, ...exampleBody(state), learning_rate: learningRate })
    .then((result) => ({ result }));
}

export function createUpdatePreview(root) {
  const signature = (state) => [currentAnswer(state, "preview"), state.network];
  return createFetchedSection(root, signature, (state, body) => {
    const { network, selected } = state;
    const current = currentAnswer(state, "preview");
    const parts = [];
    if (placeholder(root, parts, current)) {
      body.replaceChildren(...parts);
      return false;
    }
    const r = current.result;
    const better = r.cost_after_all < r.cost_before;
    // With regularisation the step follows the total gradient, and the costs include the penalty.
    const reg = isRegularized(network);
    const grad = reg ? "∂C/∂w" : "∂C₀/∂w";
    const cost = reg ? "C₀ + penalty" : "C₀";
    body.replaceChildren(
      el("p", "small", `Δw = −η × ${grad}, with the learning rate η of the training controls. Nothing is saved.`),
      line("learning rate η", r.learning_rate, "preview-learning-rate"),
      line("∂C₀/∂w", r.gradient, "preview-gradient"),
      ...(reg ? [line("+ regularisation term", r.regularization_term, "preview-regularization-term"),
        line("∂C/∂w = total", r.total_gradient, "preview-total-gradient", "what the step follows")] : []),
      line(`Δw = −η × ${grad}`, r.delta_w, "preview-delta-w"),
      line("w now", network.weights[selected.layer - 1][selected.j][selected.k], "preview-weight-before"),
      line("w after", r.weight_after, "preview-weight-after"),
      line(`${cost} now`, r.cost_before, "preview-cost-before"),
      line(`${cost} after moving only w`, r.cost_after_this_weight, "preview-cost-after-this-weight"),
      line(`${cost} after a full step`, r.cost_after_all, "preview-cost-after-all", "every weight and bias moved by its own gradient"),
      el("p", "small muted", better
        ? "One step on this example lowers its cost."
        : "One step raises this example's cost: the learning rate overshoots here."));
    return true;
  });
}
