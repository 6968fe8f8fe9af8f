// The chapter views' state: which view is open, where the backward pass is, the guided walk's step.
import { api } from "../api/api.js";
import { WALK_STEPS } from "../chapter/walk-steps.js";

const ANIMATION_MS = 1100;

/** The chapter views' part of the page state (the drawing's `highlight` is shared with teach-actions). */
export function chapterState() {
  return {
    chapter: { tab: null, layer: null }, // the view open under the drawing, and the layer it shows
    backward: null, // {layer, running}: where the backward pass is
    walk: null, // {step, open}: the guided walk's step; kept after leaving, to resume
    walkBatch: null, // the walk's weight over the whole data set, for the step on averaging
  };
}

export function createChapterActions(store, actions) {
  let timer = null;
  let batchToken = 0;

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

  // The whole data set's gradient of the walk's weight, for the step on averaging.
  async function loadBatch() {
    const { network, walk, datasets, limits, walkBatch } = store.get();
    if (!network || !walk || !walk.open || !WALK_STEPS[walk.step].batch) return;
    const dataset = datasets.find((d) => d.name === network.dataset);
    const focus = WALK_STEPS[walk.step].focus(network);
    if (!dataset || !focus.edge) {
      store.set({ walkBatch: null });
      return;
    }
    // The mean over the data set changes with the weights (every change brings a new network
    // object: training, reset, a hand edit), not with the example on show.
    const same = walkBatch && walkBatch.network === network
      && ["layer", "j", "k"].every((key) => walkBatch[key] === focus.edge[key]);
    // While training runs the weights change every frame: the mean waits for the pause.
    if (same || store.get().training) return;
    const token = ++batchToken;
    const count = Math.min(dataset.size, limits ? limits.max_batch_size : dataset.size);
    const examples = Array.from({ length: count }, (_, i) => i);
    const batch = await actions.tracked(api.batchBreakdown(network.id, { ...focus.edge, examples }));
    if (token === batchToken) store.set({ walkBatch: { ...batch, network } });
  }

  // Another network (or another shape) makes the old highlights and layer numbers meaningless.
  let shapeSeen = null;
  function followNetwork() {
    const { network, walk } = store.get();
    const shape = network ? `${network.id}:${network.layers.join("-")}` : null;
    if (shape === shapeSeen) return loadBatch();
    const first = shapeSeen === null;
    shapeSeen = shape;
    if (first) return loadBatch();
    stopAnimation();
    store.set({ backward: null, highlight: null, walkBatch: null });
    setChapter({ layer: null });
    return walk && walk.open ? chapter.walkTo(walk.step) : undefined;
  }

  // A failed request is said where the number would be, and tried again with the next pass.
  actions.followPass(() => Promise.resolve(followNetwork()).catch((error) => store.set({
    walkBatch: { error: error.message || String(error), network: null },
  })));

  const chapter = {
    openTab: (tab) => {
      // The backward pass's lights belong to its view: they go when another view takes its place.
      if (tab !== "backward" && store.get().backward) chapter.backwardClear();
      setChapter({ tab });
    },
    closeTab: () => chapter.openTab(null),
    setLayer: (layer) => setChapter({ layer }),
    /** Lights what an entry of a view stands for; null puts out the lights. */
    point: (highlight) => store.set({ highlight }),

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
    backwardClear: () => {
      stopAnimation();
      store.set({ backward: null, highlight: null });
    },

    walkStart: () => chapter.walkTo(store.get().walk?.step ?? 0),
    walkTo: actions.guarded(async (step) => {
      stopAnimation();
      const { network } = store.get();
      if (!network) return;
      const index = Math.max(0, Math.min(WALK_STEPS.length - 1, step));
      const focus = WALK_STEPS[index].focus(network);
      store.set({ walk: { step: index, open: true }, backward: null, highlight: focus.highlight });
      if (focus.tab !== undefined) setChapter({ tab: focus.tab, ...(focus.layer ? { layer: focus.layer } : {}) });
      const { selected } = store.get();
      const same = selected && focus.edge && ["layer", "j", "k"].every((key) => selected[key] === focus.edge[key]);
      if (focus.edge && !same) await actions.selectEdge(focus.edge);
      else if (WALK_STEPS[index].batch) await loadBatch();
    }),
    /** Leaves the walk where it is: the network, weight and views stay for playing on. */
    walkLeave: () => store.set({ walk: store.get().walk ? { ...store.get().walk, open: false } : null, highlight: null }),
  };

  return chapter;
}
