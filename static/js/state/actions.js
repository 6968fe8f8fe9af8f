// Everything that talks to the server and writes the answer into the store.
import { api, ApiError } from "../api/api.js";
import { createLiveTraining } from "../live/live-training.js";
import { createPictureActions } from "./picture-actions.js";

const STORAGE_KEY = "backprop-lab:network-id";
const HISTORY_LIMIT = 4000;

export const DEFAULT_SPEC = {
  layers: [2, 3, 3, 1], hidden_activation: "sigmoid", output_activation: "sigmoid",
  loss: "mse", dataset: "xor", seed: 1,
};

export function initialState() {
  return {
    network: null, datasets: [], limits: null, exampleIndex: 0, pass: null,
    selected: null, breakdown: null, scale: "linear", history: emptyHistory(null),
    training: false, pending: 0, status: null, learningRateHint: null, shareLink: null,
    picture: null, evaluation: null, dataRows: null,
    // Live training: the stream's newest frame while it runs (null otherwise) and the redraw count.
    frame: null, live: { frames: 0, received: 0, first: null, last: null, stepsPerSecond: null },
  };
}

function emptyHistory(network) {
  const evals = network && network.cost !== null ? [{ step: network.step, cost: network.cost }] : [];
  return { batch: [], evals };
}

function capped(points) {
  // Keep the chart cheap to draw on long runs: thin the oldest half once the limit is reached.
  if (points.length <= HISTORY_LIMIT) return points;
  const half = Math.floor(points.length / 2);
  return points.slice(0, half).filter((_, i) => i % 2 === 0).concat(points.slice(half));
}

export function createActions(store) {
  let passToken = 0;
  const pictures = createPictureActions(store);
  // Other action modules that fetch more for each fresh pass (teaching sections); awaited, so the
  // page stays busy until they are in.
  const passFollowers = [];

  const say = (text, kind = "info") => store.set({ status: text ? { text, kind } : null });
  const live = createLiveTraining(store, {
    say, tracked, capped, adopt: (network) => adopt(network, { keepHistory: true }),
  });

  async function tracked(promise) {
    store.set({ pending: store.get().pending + 1 });
    try {
      return await promise;
    } finally {
      store.set({ pending: store.get().pending - 1 });
    }
  }

  // Runs an action, marked busy from start to end; a failure goes to the status line, not the console.
  function guarded(action) {
    return async (...args) => {
      try {
        return await tracked(action(...args));
      } catch (error) {
        store.set({ training: false });
        if (error instanceof ApiError && error.status === 404 && store.get().network) {
          say(`This network no longer exists on the server (${error.message}). Create a new one.`, "error");
        } else {
          say(error.message || String(error), "error");
        }
        return undefined;
      }
    };
  }

  function datasetOf(network) {
    return store.get().datasets.find((d) => d.name === network.dataset) || null;
  }

  /** The request body that names the current example. */
  function exampleBody() {
    const { network, exampleIndex } = store.get();
    if (network.dataset) return { example: exampleIndex };
    // A network without a data set: probe it with an all-zero example.
    return { x: new Array(network.layers[0]).fill(0), y: new Array(network.layers.at(-1)).fill(0) };
  }

  async function refreshPass() {
    const token = ++passToken;
    const { network, selected } = store.get();
    if (!network) return;
    const body = exampleBody();
    const [pass, breakdown] = await tracked(Promise.all([
      api.backprop(network.id, body),
      selected ? api.breakdown(network.id, selected, body) : Promise.resolve(null),
    ]));
    // A newer request was started meanwhile: its answer wins.
    if (token !== passToken) return;
    store.set({ pass, breakdown });
    await Promise.all(passFollowers.map((follow) => follow()));
  }

  async function adopt(network, { keepHistory = false } = {}) {
    localStorage.setItem(STORAGE_KEY, network.id);
    const previous = store.get();
    const sameShape = previous.network && previous.network.id === network.id;
    const dataset = datasetOf(network);
    const size = dataset ? dataset.size : 1;
    store.set({
      network,
      exampleIndex: Math.min(previous.exampleIndex, size - 1),
      selected: sameShape ? previous.selected : null,
      breakdown: sameShape ? previous.breakdown : null,
      pass: sameShape ? previous.pass : null,
      history: keepHistory ? previous.history : emptyHistory(network),
    });
    await Promise.all([refreshPass(), pictures.refresh()]);
  }

  async function create(spec) {
    const network = await tracked(api.createNetwork(spec));
    store.set({ exampleIndex: 0, training: false });
    await adopt(network);
    return network;
  }

  /** A ?share=<token> address opens a new copy of that network; the token leaves the address bar. */
  async function openSharedLink() {
    const params = new URLSearchParams(window.location.search);
    const token = params.get("share");
    if (token === null) return false;
    params.delete("share");
    const rest = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (rest ? `?${rest}` : "") + window.location.hash);
    try {
      const network = await tracked(api.copyShared(token));
      store.set({ exampleIndex: 0, training: false });
      await adopt(network);
      say(`Opened a copy of a shared network (${network.layers.join("-")} on ${network.dataset || "no data set"}); it is yours to change.`);
      return true;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      say(`${error.message}. Your own network is shown instead.`, "error");
      return false;
    }
  }

  const actions = {
    init: guarded(async () => {
      const [limits, datasets] = await tracked(Promise.all([api.limits(), api.datasets()]));
      store.set({ limits, datasets });
      if (await openSharedLink()) return;
      const savedId = localStorage.getItem(STORAGE_KEY);
      if (savedId) {
        try {
          await adopt(await tracked(api.network(savedId)));
          return;
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) throw error;
          localStorage.removeItem(STORAGE_KEY);
          await create(DEFAULT_SPEC);
          say(`The saved network ${savedId} no longer exists, so a fresh one was created.`);
          return;
        }
      }
      await create(DEFAULT_SPEC);
    }),

    createNetwork: guarded(async (spec, learningRate = null) => {
      const network = await create(spec);
      // A fresh object each time, so the controls apply it even when the number repeats.
      if (learningRate !== null) store.set({ learningRateHint: { value: learningRate } });
      say(`Created network ${network.layers.join("-")} on ${network.dataset || "no data set"}.`);
    }),

    selectEdge: guarded(async (edge) => {
      store.set({ selected: edge, breakdown: null });
      await refreshPass();
    }),

    setExample: guarded(async (index) => {
      const { network } = store.get();
      const dataset = network && datasetOf(network);
      if (!dataset) return;
      store.set({ exampleIndex: ((index % dataset.size) + dataset.size) % dataset.size });
      // The stream's frames carry one example's gradients: follow the new one.
      live.restart();
      await refreshPass();
    }),

    randomExample: () => {
      const { network } = store.get();
      const dataset = network && datasetOf(network);
      if (dataset) return actions.setExample(Math.floor(Math.random() * dataset.size));
      return undefined;
    },

    setScale: (scale) => store.set({ scale }),

    step: guarded(async (options) => {
      await trainOnce({ ...options, steps: 1 });
    }),

    startTraining: guarded(async (readOptions) => {
      const options = readOptions();
      if (options) live.start(options);
    }),

    pause: guarded(() => live.pause()),

    /** New knobs or another example while training: a new stream from the saved step. */
    restartTraining: (readOptions) => {
      const options = store.get().training && readOptions();
      if (options) live.restart(options);
    },

    /** For other action modules: run `follow` after every fresh pass. */
    followPass: (follow) => passFollowers.push(follow),
    exampleBody: () => exampleBody(),
    refreshPass: () => refreshPass(),
    adoptNetwork: (network) => adopt(network, { keepHistory: true }),
    tracked: (promise) => tracked(promise),
    guarded: (action) => guarded(action),

    importNetwork: guarded(async (doc) => {
      store.set({ training: false });
      const network = await tracked(api.importNetwork(doc));
      store.set({ exampleIndex: 0 });
      await adopt(network);
      say(`Opened ${network.layers.join("-")} on ${network.dataset || "no data set"} at step ${network.step} from the file, as a new network.`);
      return network;
    }),

    share: guarded(async () => {
      const { network } = store.get();
      if (!network) return null;
      const { url } = await tracked(api.share(network.id));
      const link = new URL(url, window.location.href).href;
      store.set({ shareLink: { networkId: network.id, step: network.step, url: link } });
      return link;
    }),

    reset: guarded(async () => {
      const { network } = store.get();
      if (!network) return;
      // Training stops first: a chunk still running on the server would otherwise land after the reset.
      await live.pause();
      await adopt(await tracked(api.resetNetwork(network.id)));
      say("Reset to the initial weights of this network's seed.");
    }),
  };

  async function trainOnce(options) {
    const { network } = store.get();
    if (!network) return null;
    const result = await tracked(api.train(network.id, options));
    const { history } = store.get();
    const first = result.network.step - result.costs.length + 1;
    const batch = capped(history.batch.concat(result.costs.map((cost, i) => ({ step: first + i, cost }))));
    const evals = capped(history.evals.concat([{ step: result.network.step, cost: result.cost }]));
    store.set({ history: { batch, evals } });
    if (result.diverged) {
      say(`Training diverged at step ${result.diverged.step}: ${result.diverged.message}`, "error");
    }
    await adopt(result.network, { keepHistory: true });
    return result;
  }

  return actions;
}
