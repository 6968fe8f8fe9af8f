// The pictures of the current network (its /grid, its /evaluate, the data set's rows to draw as
// points) fetched into the store as state.picture, state.evaluation and state.dataRows.
import { dataQuery, planeInputs, rowsFit } from "./data-rows.js";

// Grid points along each axis: 40 x 40 is enough for a smooth boundary once the canvas
// interpolates. A live frame carries a coarser grid: the 2-8-8-1 picture at 40 x 40 (27,200 numbers,
// half a megabyte of JSON) would cost more than the frame's training; pausing fetches the exact one.
const RESOLUTION = { 1: 120, 2: 40 };
const LIVE_RESOLUTION = { 1: 60, 2: 24 };
// Heatmap values a picture may carry: beyond them, one canvas per neuron and the megabytes of
// JSON cost more than they show. A live frame carries fewer; wider networks keep the heatmaps of
// the last pause while training streams.
const MAX_VALUES = 100_000;
const LIVE_MAX_VALUES = 20_000;

/**
 * The /grid body for a network, or null when it has no picture (more than two inputs, or no data
 * set). With `live`, the picture a live training stream asks for (`grid=<resolution>&hidden=<hidden>`).
 */
export function gridRequest(network, limits, { live = false } = {}) {
  const inputs = planeInputs(network);
  if (!network.dataset || !RESOLUTION[inputs]) return null;
  const resolution = (live ? LIVE_RESOLUTION : RESOLUTION)[inputs];
  const points = resolution ** inputs;
  const hiddenNeurons = network.layers.slice(1, -1).reduce((sum, n) => sum + n, 0);
  const maxValues = Math.min(live ? LIVE_MAX_VALUES : MAX_VALUES, limits ? limits.max_grid_values : Infinity);
  // A curve has no heatmaps; a very wide network shows its boundary without them.
  const hidden = inputs === 2 && points * (network.layers.at(-1) + hiddenNeurons) <= maxValues;
  return { resolution, hidden };
}

const EVALUATION_FIELDS = ["dataset", "task", "size", "cost", "accuracy", "test_size", "test_cost", "test_accuracy"];

/** The store patch for a live training frame: its evaluation and, when asked for, its grid. The live
 * stream merges it into the frame's own store update, so a frame is one redraw. */
export function framePictures(network, frame) {
  const stamp = { networkId: network.id, step: frame.step };
  const evaluation = Object.fromEntries(EVALUATION_FIELDS.map((name) => [name, frame[name]]));
  // A frame between two that scored the data set carries the last scores, of an earlier step.
  const scoredStep = frame.scored_step ?? frame.step;
  return {
    evaluation: { ...evaluation, ...stamp, scoredStep },
    ...(frame.grid ? { picture: { ...frame.grid, ...stamp, live: true } } : {}),
  };
}

export function createPictureActions(store, api) {
  let running = null;
  let again = false;

  async function fetchOnce() {
    const { network, limits, dataRows, picture } = store.get();
    if (!network || !network.dataset) {
      store.set({ picture: null, evaluation: null });
      return;
    }
    // Another network's pictures must not stay on screen while this one's load.
    if (picture && picture.networkId !== network.id) store.set({ picture: null, evaluation: null });
    const body = gridRequest(network, limits);
    const needRows = body && !rowsFit(dataRows, network);
    const [evaluation, grid, rows] = await Promise.all([
      api.evaluate(network.id),
      body ? api.grid(network.id, body) : null,
      needRows ? api.dataset(network.dataset, dataQuery(network)) : null,
    ]);
    const { network: current, training } = store.get();
    // While training streams, its frames bring newer pictures than this answer; a newer version's
    // pictures are already asked for.
    if (!current || current.id !== network.id || current.version !== network.version || training) return;
    store.set({
      evaluation: { ...evaluation, networkId: network.id, step: network.step },
      picture: grid && { ...grid, networkId: network.id, step: network.step },
      ...(rows ? { dataRows: rows } : {}),
    });
  }

  return {
    /** Fetch the pictures for the network in the store; calls during a fetch coalesce into one more. */
    refresh() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            again = false;
            await fetchOnce();
          } while (again);
        } finally {
          running = null;
        }
      })();
      return running;
    },
  };
}
