// "New data points" under the pictures: regenerate the network's generated data set (a new data
// seed, same noise, split and features), as TensorFlow Playground's Regenerate. Shown only for a
// set made from a seed.
import { isGenerated } from "../controls/data-options.js";
import { datasetOf } from "../state/state.js";

export function createRegenerateButton(root, actions) {
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.role = "regenerate";
  button.textContent = "New data points";
  button.title = "Regenerate: a new data seed gives other points of the same kind; the network stays";
  (root.querySelector(".evaluation-block") || root).append(button);
  button.addEventListener("click", () => actions.regenerate());

  function render(state) {
    const { network } = state;
    button.hidden = !(network && network.dataset && isGenerated(datasetOf(state)));
    button.disabled = Boolean(state.training);
  }

  return { render };
}
