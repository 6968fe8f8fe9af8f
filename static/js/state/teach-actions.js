// Actions of the teaching sections: what they ask the server for, written into the store.
import { api, ApiError } from "../api/api.js";

/** The teaching sections' part of the page state. */
export function teachState() {
  return {
    highlight: null, // {edges: [{layer, j, k}], neurons: [{layer, j}], from?}: drawn as class "highlighted"
    neuron: null, // {layer, j}: the neuron shown in the neuron view
    knobs: { learningRate: null, batchSize: null }, // the training controls' values
    open: { cost: false, batch: false, preview: false }, // sections that fetch only while open
    costView: null, // the cost the cost switch judges by; null is the network's own
    costCompare: null, // {for, loss, breakdown, pass} or {for, loss, error}
    batch: null, // {for, examples, result} or {for, error}
    preview: null, // {for, result} or {for, error}
    editError: null, // {target, typed, message}: the API's answer to a rejected hand edit
  };
}

/** Which weight and example an answer belongs to, so views can tell a current one from a stale one. */
export function answerKey(state) {
  const { network, selected, exampleIndex } = state;
  if (!network || !selected) return null;
  return `${network.id}:${selected.layer}:${selected.j}:${selected.k}:${network.dataset ? exampleIndex : "custom"}`;
}

/** The cost the cost switch judges by: its choice, unless the network cannot take it. */
export function judgedLoss(state) {
  const { costView, network } = state;
  return costView === "cross_entropy" && network.output_activation !== "sigmoid" ? network.loss : costView || network.loss;
}

/** The breakdown in the store if it is the selected weight's for the current example, else null
 * (still loading). */
export function selectedBreakdown(state) {
  const { breakdown: b, network, selected } = state;
  const sameExample = !network || !network.dataset || (b && b.example === state.exampleIndex);
  return b && selected && sameExample && b.layer === selected.layer && b.j === selected.j && b.k === selected.k
    ? b : null;
}

/** A section's answer (state[name]) if it belongs to the selected weight and current example, and
 * to the network as it is now (a step or a hand edit makes every answer stale). */
export function currentAnswer(state, name) {
  const answer = state[name];
  return answer && answer.for === answerKey(state) && answer.network === state.network ? answer : null;
}

/** The mini-batch the comparison uses: the current row and the next ones, batch size in all. */
export function batchRows(state) {
  const { network, datasets, exampleIndex, knobs } = state;
  const dataset = network && datasets.find((d) => d.name === network.dataset);
  if (!dataset) return null;
  const size = Math.max(1, Math.min(dataset.size, knobs.batchSize || 1));
  return Array.from({ length: size }, (_, i) => (exampleIndex + i) % dataset.size);
}

async function settle(promise) {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError) return { error: error.message };
    throw error;
  }
}

export function createTeachActions(store, actions) {
  let token = 0;

  function costJob(state, body) {
    const { network, selected } = state;
    const loss = judgedLoss(state);
    const judged = { ...body, loss };
    return settle(Promise.all([api.breakdown(network.id, selected, judged), api.backprop(network.id, judged)])
      .then(([breakdown, pass]) => ({ breakdown, pass })))
      .then((answer) => ({ loss, ...answer }));
  }

  function batchJob(state) {
    const examples = batchRows(state);
    if (!examples) return Promise.resolve({ error: "A mini-batch needs a data set; this network has none." });
    return settle(api.batchBreakdown(state.network.id, { ...state.selected, examples }).then((result) => ({ examples, result })));
  }

  function previewJob(state, body) {
    const learningRate = state.knobs.learningRate;
    if (!(learningRate > 0)) return Promise.resolve({ error: "Set a valid learning rate in the training controls." });
    return settle(api.updatePreview(state.network.id, { ...state.selected, ...body, learning_rate: learningRate })
      .then((result) => ({ result })));
  }

  /** Fetches what the open sections show for the selected weight and the current example. */
  async function refreshTeach() {
    const mine = ++token;
    const state = store.get();
    const { network, selected, open } = state;
    if (state.neuron && network && state.neuron.networkId !== network.id) store.set({ neuron: null });
    if (!network || !selected) {
      if (state.costCompare || state.batch || state.preview) store.set({ costCompare: null, batch: null, preview: null });
      return;
    }
    const key = answerKey(state);
    if (state.editError && state.editError.for !== key) store.set({ editError: null });
    const body = actions.exampleBody();
    const jobs = [
      ["costCompare", open.cost && costJob(state, body)],
      ["batch", open.batch && batchJob(state)],
      ["preview", open.preview && previewJob(state, body)],
    ].filter(([, job]) => job);
    // Every pass comes here (training too): with no section open, not even a redraw.
    if (!jobs.length) return;
    const answers = await actions.tracked(Promise.all(jobs.map(([, job]) => job)));
    if (mine !== token) return;
    store.set(Object.fromEntries(jobs.map(([name], i) => [name, { ...answers[i], for: key, network }])));
  }

  actions.followPass(refreshTeach);
  const refresh = actions.guarded(refreshTeach);

  return {
    refreshTeach: refresh,

    setHighlight: (highlight) => store.set({ highlight }),

    selectNeuron: (neuron) => {
      const { network } = store.get();
      store.set({ neuron: neuron && network ? { ...neuron, networkId: network.id } : null });
    },

    setKnobs: (knobs) => {
      const previous = store.get().knobs;
      if (previous.learningRate === knobs.learningRate && previous.batchSize === knobs.batchSize) return undefined;
      store.set({ knobs });
      return refresh();
    },

    setSectionOpen: (name, isOpen) => {
      const { open } = store.get();
      if (open[name] === isOpen) return undefined;
      store.set({ open: { ...open, [name]: isOpen } });
      return isOpen ? refresh() : undefined;
    },

    setCostView: (loss) => {
      store.set({ costView: loss });
      return refresh();
    },

    /** A hand edit of a weight ({layer, j, k}) or a bias ({layer, j}); the server checks the value. */
    setParameter: actions.guarded(async (target, value, typed = value) => {
      const { network } = store.get();
      if (!network) return;
      store.set({ editError: null });
      try {
        const call = target.k === undefined ? api.setBias(network.id, target, value) : api.setWeight(network.id, target, value);
        const updated = await actions.tracked(call);
        await actions.adoptNetwork(updated);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        store.set({ editError: { target, typed, message: error.message, for: answerKey(store.get()) }, status: { text: error.message, kind: "error" } });
      }
    }),
  };
}
