// The current example: which one, its x and y, and what the network makes of it.
import { formatNumber, formatVector } from "../lib/format.js";
import { currentPass, datasetOf, drawnExample } from "../state/state.js";
import { datasetLabel } from "../state/upload-actions.js";
import { featureValues } from "../drawing/input-labels.js";
import { createPace } from "../lib/live-pace.js";
import { setAttr, setDisabled, setText } from "../lib/quiet-writes.js";

export function createExampleNav(root, actions) {
  const field = (name) => root.querySelector(`[data-role=${name}]`);
  const position = field("example-position");
  const x = field("example-x");
  const y = field("example-y");
  const output = field("example-output");
  const cost = field("example-cost");
  const buttons = root.querySelectorAll("button");
  let index = 0;

  field("example-prev").addEventListener("click", () => actions.setExample(index - 1));
  field("example-next").addEventListener("click", () => actions.setExample(index + 1));
  field("example-random").addEventListener("click", () => actions.randomExample());

  function render(state) {
    const { network, exampleIndex } = state;
    if (!network) return;
    const dataset = datasetOf(state);
    index = exampleIndex;
    const drawn = drawnExample(state);
    setAttr(root, "data-example", drawn ? "drawn" : dataset ? exampleIndex : "");
    setText(position, drawn ? `your drawing (true digit ${drawn.label}); Prev, Next or Random go back to ${datasetLabel(dataset)}`
      : dataset ? `${exampleIndex + 1} of ${dataset.size} (index ${exampleIndex}, ${datasetLabel(dataset)})` : "custom (all-zero) example");
    for (const button of buttons) setDisabled(button, !dataset || dataset.size < 2);
    // While the pass of this version and example loads, the last numbers stay.
    const pass = currentPass(state);
    if (!pass) return;
    // With features, the inputs are a^(0) = the point's features: each says which it is.
    setText(x, network.features ? featureValues(network.features, pass.x, 4) : formatVector(pass.x, 4));
    setText(y, formatVector(pass.y, 4));
    outcome.render(state);
  }

  // While training streams, each frame carries this example's output and cost (float64): shown at
  // most READOUT_FPS times a second at full speed.
  const outcome = createPace((state) => {
    const { frame, training, network, exampleIndex } = state;
    const pass = currentPass(state);
    const live = training && frame && frame.networkId === network.id && frame.example === exampleIndex;
    setText(output, formatVector(live ? frame.output : pass.a[pass.a.length - 1], 4));
    setText(cost, formatNumber(live ? frame.example_cost : pass.cost, 4));
  });

  return { render };
}
