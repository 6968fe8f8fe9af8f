// What of the page survives a reload, per network: the training knobs, the example, the selected
// weight or neuron, the guided walk's step, the chapter view, the colour scale and the loss curve's
// log axes. Pure functions:
// `savedView` picks the record from the state, `restoredView` checks a loaded record against the
// network it is for and keeps only what still fits (a record from an older page, another shape or
// hand-edited storage must not break the page, so a bad or stale value is dropped, not repaired).

const PREFIX = "backprop-lab:view:";

/** The chapter card's views (the data-tab values in templates/index.html). */
export const CHAPTER_TABS = ["layer", "backward", "chain"];

/** The localStorage key of a network's record. */
export const viewKey = (networkId) => PREFIX + networkId;

/** The record to save for the state's network (null while there is none). */
export function savedView(state) {
  if (!state.network) return null;
  const { walk, chapter } = state;
  return {
    learningRate: state.learningRate, batchSize: state.batchSize, speed: state.speed ?? null,
    trainSteps: state.trainSteps ?? null, exampleIndex: state.exampleIndex, selected: state.selected,
    neuron: state.neuron, walk: walk ? { step: walk.step, open: Boolean(walk.open) } : null,
    chapter: { tab: chapter.tab, layer: chapter.layer }, scale: state.scale,
    ...(state.chartLog ? { chartLog: { steps: state.chartLog.steps, cost: state.chartLog.cost } } : {}),
  };
}

const isIndex = (value, size) => Number.isInteger(value) && value >= 0 && value < size;
const isLayer = (value, layers) => Number.isInteger(value) && value >= 1 && value < layers.length;

function weightOf(target, layers) {
  if (!target || typeof target !== "object" || !isLayer(target.layer, layers)) return undefined;
  const { layer, j, k } = target;
  if (!isIndex(j, layers[layer]) || !isIndex(k, layers[layer - 1])) return undefined;
  return { layer, j, k };
}

function neuronOf(target, layers) {
  if (!target || typeof target !== "object" || !isLayer(target.layer, layers)) return undefined;
  return isIndex(target.j, layers[target.layer]) ? { layer: target.layer, j: target.j } : undefined;
}

/**
 * The state patch a loaded record gives for `network`; fields that are missing, malformed or no
 * longer fit are left out. `known`: { datasetSize, limits, tabs (the chapter's view names),
 * walkSteps (how many steps the walk has) }.
 */
export function restoredView(record, network, known = {}) {
  if (!record || typeof record !== "object" || !network) return {};
  const { layers } = network;
  const { datasetSize = 1, limits = null, tabs = [], walkSteps = 0 } = known;
  const patch = {};
  const rate = record.learningRate;
  if (typeof rate === "number" && Number.isFinite(rate) && rate > 0
      && (!limits || (rate >= limits.min_learning_rate && rate <= limits.max_learning_rate))) {
    patch.learningRate = rate;
  }
  const most = Math.min(limits ? limits.max_batch_size : Infinity, datasetSize);
  if (Number.isInteger(record.batchSize) && record.batchSize >= 1 && record.batchSize <= most) patch.batchSize = record.batchSize;
  const { speed } = record;
  if (speed === null || (typeof speed === "number" && Number.isFinite(speed)
      && speed >= (limits?.min_steps_per_second ?? Number.MIN_VALUE) && speed <= (limits?.max_steps_per_second ?? Infinity))) {
    patch.speed = speed;
  }
  if (Number.isInteger(record.trainSteps) && record.trainSteps >= 1
      && record.trainSteps <= (limits?.max_stream_steps ?? Infinity)) patch.trainSteps = record.trainSteps;
  if (isIndex(record.exampleIndex, datasetSize)) patch.exampleIndex = record.exampleIndex;
  // One selection at a time: a record holding both is not one this page wrote.
  const selected = weightOf(record.selected, layers);
  const neuron = neuronOf(record.neuron, layers);
  if (selected && !neuron) patch.selected = selected;
  if (neuron && !selected) patch.neuron = neuron;
  const { walk, chapter } = record;
  if (walk && typeof walk === "object" && isIndex(walk.step, walkSteps)) {
    patch.walk = { step: walk.step, open: walk.open === true };
  }
  if (chapter && typeof chapter === "object") {
    const tab = chapter.tab === null || tabs.includes(chapter.tab) ? chapter.tab : undefined;
    const layer = chapter.layer === null || isLayer(chapter.layer, layers) ? chapter.layer : undefined;
    if (tab !== undefined && layer !== undefined) patch.chapter = { tab, layer };
  }
  if (record.scale === "linear" || record.scale === "log") patch.scale = record.scale;
  const { chartLog } = record;
  if (chartLog && typeof chartLog.steps === "boolean" && typeof chartLog.cost === "boolean") {
    patch.chartLog = { steps: chartLog.steps, cost: chartLog.cost };
  }
  return patch;
}

/** The record saved for a network, or null when there is none or it is not JSON. */
export function loadView(storage, networkId) {
  try {
    return JSON.parse(storage.getItem(viewKey(networkId)));
  } catch {
    return null;
  }
}

/** Saves the state's record; returns the JSON written so a caller can skip unchanged ones. */
export function storeView(storage, state, last = null) {
  const record = savedView(state);
  if (!record) return last;
  const text = JSON.stringify(record);
  if (text !== last) {
    try {
      storage.setItem(viewKey(state.network.id), text);
    } catch {
      // Storage full or refused (private mode): the page works on, only without the memory.
    }
  }
  return text;
}
