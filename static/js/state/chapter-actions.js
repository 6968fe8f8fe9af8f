// The chapter views' actions: which view is open, where the backward pass is, the guided walk's
// step and the mean it shows. Composed into createActions.
import { WALK_STEPS, walkSteps } from "../chapter/walk-steps.js";
import { isCurrent, stamped } from "./freshness.js";
import { SCOPES, datasetOf, sameTarget } from "./state.js";

const ANIMATION_MS = 1100;

/**
 * The whole data set's gradient of the walk's weight, for the step on averaging. It changes with
 * the network's version, not with the example on show; while training runs the weights change
 * every frame, so the mean waits for the pause. A failure is said where the number would be.
 */
export async function loadWalkBatch({ store, api, tracked }) {
  const asked = store.get();
  const { network, walk, limits } = asked;
  if (!network || !walk || !walk.open || !WALK_STEPS[walk.step].batch) return;
  const dataset = datasetOf(asked);
  const focus = WALK_STEPS[walk.step].focus(network);
  if (!dataset || !focus.edge || asked.training || isCurrent(asked.walkBatch, asked)) return;
  const count = Math.min(dataset.size, limits ? limits.max_batch_size : dataset.size);
  const examples = Array.from({ length: count }, (_, i) => i);
  let answer;
  try {
    answer = await tracked(api.batchBreakdown(network.id, { ...focus.edge, examples }));
  } catch (error) {
    answer = { error: error.message || String(error) };
  }
  const walkBatch = stamped(answer, asked, SCOPES.walkBatch);
  if (isCurrent(walkBatch, store.get())) store.set({ walkBatch });
}

export function chapterActions(context) {
  const { store, guarded, selectEdge } = context;
  let timer = null;

  const lastLayer = () => store.get().network.layers.length - 1;
  const setChapter = (patch) => store.set({ chapter: { ...store.get().chapter, ...patch } });

  function stopAnimation() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    if (store.get().backward) store.set({ backward: { ...store.get().backward, running: false } });
  }

  /** The backward pass at layer l: its neurons and the weights that carried the error to them lit. */
  function showBackward(layer, running) {
    const { network } = store.get();
    const neurons = Array.from({ length: network.layers[layer] }, (_, j) => ({ layer, j }));
    const edges = [];
    if (layer < lastLayer()) {
      for (let i = 0; i < network.layers[layer + 1]; i += 1) {
        for (let j = 0; j < network.layers[layer]; j += 1) edges.push({ layer: layer + 1, j: i, k: j });
      }
    }
    store.set({ backward: { layer, running }, highlight: { edges, neurons } });
  }

  function backwardClear() {
    stopAnimation();
    store.set({ backward: null, highlight: null });
  }

  function openTab(tab) {
    // The backward pass's lights belong to its view: they go when another view takes its place.
    if (tab !== "backward" && store.get().backward) backwardClear();
    setChapter({ tab });
  }

  const walkTo = guarded(async (step) => {
    stopAnimation();
    const { network } = store.get();
    if (!network) return;
    const steps = walkSteps(network);
    const index = Math.max(0, Math.min(steps.length - 1, step));
    const focus = steps[index].focus(network);
    store.set({ walk: { step: index, open: true }, backward: null, highlight: focus.highlight });
    if (focus.tab !== undefined) setChapter({ tab: focus.tab, ...(focus.layer ? { layer: focus.layer } : {}) });
    if (focus.edge && !sameTarget(store.get().selected, focus.edge)) await selectEdge(focus.edge);
    else await loadWalkBatch(context);
  });

  return {
    openTab,
    closeTab: () => openTab(null),
    setLayer: (layer) => setChapter({ layer }),

    /** One layer nearer the input; from the start when nothing is shown or layer 1 was reached. */
    backwardStep: () => {
      const { backward } = store.get();
      if (!backward || backward.layer <= 1) showBackward(lastLayer(), timer !== null);
      else showBackward(Math.min(backward.layer, lastLayer()) - 1, timer !== null);
    },
    backwardAnimate: () => {
      stopAnimation();
      showBackward(lastLayer(), true);
      timer = setInterval(() => {
        const { backward, network } = store.get();
        if (!network || !backward || backward.layer <= 1) {
          stopAnimation();
          return;
        }
        showBackward(Math.min(backward.layer, lastLayer()) - 1, true);
        if (store.get().backward.layer <= 1) stopAnimation();
      }, ANIMATION_MS);
    },
    backwardStop: () => stopAnimation(),
    backwardClear,

    walkStart: () => walkTo(store.get().walk?.step ?? 0),
    walkTo,
    /** Leaves the walk where it is: the network, weight and views stay for playing on. */
    walkLeave: () => store.set({ walk: store.get().walk ? { ...store.get().walk, open: false } : null, highlight: null }),
  };
}
