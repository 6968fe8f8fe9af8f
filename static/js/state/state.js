// The page's state: what it starts as, and every question views and actions ask of it.
import { drawnExample, exampleOf, isCurrent } from "./freshness.js";
import { costFits } from "../lib/softmax.js";

export { drawnExample };

export const DEFAULT_SPEC = {
  layers: [2, 3, 3, 1], hidden_activation: "sigmoid", output_activation: "sigmoid",
  loss: "mse", dataset: "xor", seed: 1,
};

// The answers of the pass, the breakdown, the walk's mean and a rejected edit, by what they depend
// on (see freshness.js); the panel's sections declare theirs in panel/sections.js.
export const SCOPES = {
  pass: { section: "pass" },
  breakdown: { section: "breakdown", about: "weight" },
  walkBatch: { section: "walk-batch", perExample: false },
  editError: { section: "edit" },
};

export function emptyHistory(network) {
  const evals = network && network.cost !== null ? [{ step: network.step, cost: network.cost }] : [];
  return { batch: [], evals };
}

export function initialState() {
  return {
    network: null, datasets: [], limits: null, exampleIndex: 0, selected: null, scale: "linear",
    // The server's answers for the network on show, each stamped with its key (freshness.js).
    pass: null, breakdown: null, answers: {}, walkBatch: null,
    history: emptyHistory(null), training: false, pending: 0, status: null, shareLink: null,
    // The training controls' values as typed; learningRateOf and batchSizeOf say if they are valid.
    learningRate: 3, batchSize: 16,
    // Live training's pace in steps a second, one step per frame; null is full speed. trainSteps:
    // the N of "Train N steps" as typed.
    speed: null, trainSteps: 100,
    chartLog: { steps: true, cost: false }, // the loss curve's log axes
    picture: null, evaluation: null, dataRows: null,
    // Live training: the stream's newest frame while it runs (null otherwise) and the redraw count.
    frame: null, live: { frames: 0, received: 0, first: null, last: null, stepsPerSecond: null },
    highlight: null, // {edges: [{layer, j, k}], neurons: [{layer, j}], from?}: drawn as class "highlighted"
    neuron: null, // {layer, j}: the neuron shown in the neuron view
    open: {}, // section id -> open: the sections that fetch only while open
    costView: null, // the cost the cost switch judges by; null is the network's own
    editError: null, // {target, typed, message}: the API's answer to a rejected hand edit
    fieldErrors: {}, // "place:control" -> message: a refusal shown beside its control (state/field-errors.js)
    divergence: null, // the last refused training step (state/divergence.js), shown while still current
    edits: [], // {networkId, target, before, after}: hand edits Undo can take back, newest last (edit-undo.js)
    chapter: { tab: null, layer: null }, // the view open under the drawing, and the layer it shows
    backward: null, // {layer, running}: where the backward pass is
    walk: null, // {step, open}: the guided walk's step; kept after leaving, to resume
    myNetworks: [], // [{id, name, network, gone}]: the learner's networks (state/my-networks.js)
    yourData: null, // {preview, error, pending}: how the server reads the learner's CSV (state/upload-actions.js)
    presenter: false, // presenter mode (controls/presenter.js): large type, a teacher's controls only
    lessonHide: [], // what a lesson link hides: ids of lesson/lesson-link.js's HIDEABLE (lesson/lesson-view.js)
    // {networkId, x, y, label, id}: a digit the learner drew, the current example instead of a row
    // while set (draw/draw-actions.js); learned: what "Learn from this one" last changed.
    drawn: null, learned: null,
  };
}

export function datasetOf(state) {
  const { network, datasets } = state;
  return (network && datasets.find((d) => d.name === network.dataset)) || null;
}

/** The request body that names the current example. */
export function exampleBody(state) {
  const { network } = state;
  const drawn = drawnExample(state);
  if (drawn) return { x: drawn.x, y: drawn.y };
  const example = exampleOf(state);
  if (example !== "custom") return { example };
  // A network without a data set: probe it with an all-zero example.
  return { x: new Array(network.layers[0]).fill(0), y: new Array(network.layers.at(-1)).fill(0) };
}

/** The learning rate if the limits allow it, else null. */
export function learningRateOf(state) {
  const { learningRate: rate, limits } = state;
  const [low, high] = limits ? [limits.min_learning_rate, limits.max_learning_rate] : [Number.MIN_VALUE, Infinity];
  return Number.isFinite(rate) && rate >= low && rate <= high ? rate : null;
}

/** The batch size if it is a whole number from 1 to the data set's size (and the limit), else null. */
function batchSizeOf(state) {
  const { batchSize: size, limits } = state;
  const dataset = datasetOf(state);
  const most = Math.min(limits ? limits.max_batch_size : Infinity, dataset ? dataset.size : Infinity);
  return Number.isInteger(size) && size >= 1 && size <= most ? size : null;
}

/** The /train options, or null while a control holds a value the server would refuse. */
export function trainingOptions(state) {
  const learningRate = learningRateOf(state);
  const batchSize = batchSizeOf(state);
  return learningRate === null || batchSize === null ? null : { learning_rate: learningRate, batch_size: batchSize };
}

/** "Train N steps"'s N if it is a whole number from 1 to the stream's limit, else null. */
export function trainStepsOf(state) {
  const { trainSteps: n, limits } = state;
  const most = limits ? limits.max_stream_steps : Infinity;
  return Number.isInteger(n) && n >= 1 && n <= most ? n : null;
}

/** The cost the cost switch judges by: its choice, unless the network cannot take it. */
export function judgedLoss(state) {
  const { costView, network } = state;
  return costView && costFits(costView, network.output_activation) ? costView : network.loss;
}

/** The mini-batch the comparison uses: the current row and the next ones, batch size in all. */
export function batchRows(state) {
  const { exampleIndex } = state;
  const dataset = datasetOf(state);
  // A drawing is no row: the batch of rows after it is not defined.
  if (!dataset || drawnExample(state)) return null;
  const size = Math.max(1, Math.min(dataset.size, batchSizeOf(state) || 1));
  return Array.from({ length: size }, (_, i) => (exampleIndex + i) % dataset.size);
}

/** The layer the chapter's layer and chain views show: the one chosen, or the output layer. */
export function chapterLayer(state) {
  const L = state.network.layers.length - 1;
  const { layer } = state.chapter;
  return layer && layer <= L ? layer : L;
}

const current = (answer, state) => (isCurrent(answer, state) ? answer : null);

/** The current example's pass through the network as it is now, or null while it loads. */
export const currentPass = (state) => current(state.pass, state);

/** The selected weight's breakdown for the current example, or null while it loads. */
export const currentBreakdown = (state) => current(state.breakdown, state);

/** A panel section's answer (see panel/sections.js), or null while it loads. */
export const currentAnswer = (state, id) => current(state.answers[id], state);

/** Whether two {layer, j, k} (or two {layer, j}) name the same weight (or neuron, or bias). */
export const sameTarget = (a, b) => Boolean(a && b && a.layer === b.layer && a.j === b.j && a.k === b.k);
