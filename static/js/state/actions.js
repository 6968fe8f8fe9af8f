// Everything that talks to the server and writes the answer into the store: one object of actions,
// built once in main.js. The teaching and chapter actions live in their own files by job and are
// composed here; views only call actions, they never make their own.
import { ApiError } from "../api/api.js";
import { createLiveTraining } from "../live/live-training.js";
import { chapterActions, loadWalkBatch } from "./chapter-actions.js";
import { isCurrent, stamped } from "./freshness.js";
import { createPictureActions } from "./picture-actions.js";
import { undoActions } from "./edit-undo.js";
import { DEFAULT_SPEC, SCOPES, datasetOf, emptyHistory, exampleBody, trainingOptions, trainStepsOf } from "./state.js";
import { refreshSections, teachActions } from "./teach-actions.js";
import { divergenceActions, reportDivergence } from "./divergence.js";
import { networkListActions } from "./network-list-actions.js";
import { placed, withoutPlace } from "./field-errors.js";
import { datasetLabel, knowDataset, uploadActions } from "./upload-actions.js";
import { CHAPTER_TABS, loadView, restoredView } from "./saved-view.js";
import { historyFromServer } from "./server-history.js";
import { WALK_STEPS } from "../chapter/walk-steps.js";
import { drawActions } from "../draw/draw-actions.js";
import { lessonActions } from "../lesson/lesson-actions.js";
import { regularizationActions } from "./regularization-actions.js";
import { regenerateActions } from "./regenerate-actions.js";

const HISTORY_LIMIT = 4000;

function capped(points) {
  // Keep the chart cheap to draw on long runs: thin the oldest half once the limit is reached.
  if (points.length <= HISTORY_LIMIT) return points;
  const half = Math.floor(points.length / 2);
  return points.slice(0, half).filter((_, i) => i % 2 === 0).concat(points.slice(half));
}

const described = (network, datasets) =>
  `${network.layers.join("-")} on ${datasetLabel(datasets.find((d) => d.name === network.dataset), network.dataset)}`;

/** `sections`: the panel's section registry (panel/sections.js), whose open sections fetch after each pass. */
export function createActions(store, api, { sections = [] } = {}) {
  const pictures = createPictureActions(store, api);
  const say = (text, kind = "info") => store.set({ status: text ? { text, kind } : null });
  const live = createLiveTraining(store, api, {
    say, tracked, capped, adopt: (network) => adopt(network, { keepHistory: true }),
    // A refused stream's message goes beside the knob it names; a first frame clears those.
    refused: placed(store, "training", (error) => { throw error; }),
    started: placed(store, "training", () => {}),
    diverged: (networkId, diverged) => reportDivergence(store, say, networkId, diverged),
  });
  const context = { store, api, tracked, guarded, adopt, selectEdge, sections };
  const chapter = chapterActions(context);
  const teach = teachActions(context);
  const draw = drawActions({ ...context, refreshPass, live, say });
  const lesson = lessonActions({ ...context, say });
  const { networkList, ...listActions } = networkListActions({
    store, api, tracked, guarded, say,
    switchTo: async (network) => {
      // Training stops first: its frames belong to the network it was started on.
      await live.pause();
      await adopt(network);
      say(`Switched to ${described(network, store.get().datasets)} at step ${network.step}.`);
    },
  });

  async function tracked(promise) {
    store.set({ pending: store.get().pending + 1 });
    try {
      return await promise;
    } finally {
      store.set({ pending: store.get().pending - 1 });
    }
  }

  // Runs an action, marked busy from start to end; a failure goes to the status line, not the console,
  // and a success takes away an error the status line still shows from before (unless it said its own).
  function guarded(action) {
    return async (...args) => {
      const before = store.get().status;
      try {
        const result = await tracked(action(...args));
        const now = store.get().status;
        if (now && now === before && now.kind === "error") store.set({ status: null });
        return result;
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

  /**
   * Fetches the pass and the selected weight's breakdown unless the store holds current ones, then
   * what the open sections and the walk need. An answer that is no longer current when it arrives
   * (the example, the weight or the network moved on meanwhile) is dropped: a newer one is coming.
   */
  async function refreshPass() {
    const asked = store.get();
    const { network, selected } = asked;
    if (!network) return;
    const body = exampleBody(asked);
    const [pass, breakdown] = await tracked(Promise.all([
      isCurrent(asked.pass, asked) ? null : api.backprop(network.id, body),
      !selected || isCurrent(asked.breakdown, asked) ? null : api.breakdown(network.id, selected, body),
    ]));
    const now = store.get();
    const patch = {};
    const freshPass = pass && stamped(pass, asked, SCOPES.pass);
    if (isCurrent(freshPass, now)) patch.pass = freshPass;
    const freshBreakdown = breakdown && stamped(breakdown, asked, SCOPES.breakdown);
    if (isCurrent(freshBreakdown, now)) {
      patch.breakdown = freshBreakdown;
      // The sum-over-paths term pointed at is replaced, and a removed row never reports the pointer leaving.
      if (now.highlight && now.highlight.from === "paths") patch.highlight = null;
    }
    if (Object.keys(patch).length) store.set(patch);
    await Promise.all([refreshSections(context), loadWalkBatch(context)]);
  }

  /** The curve the server keeps with the network, unless the page drew new points meanwhile. */
  async function loadHistory(network, shown) {
    const answer = await tracked(api.history(network.id));
    const now = store.get();
    if (now.network && now.network.id === network.id && now.history === shown) {
      store.set({ history: historyFromServer(answer) });
    }
  }

  async function adopt(network, { keepHistory = false } = {}) {
    // A network on an upload the page has not seen (a reload, a share link, a file): learn its size.
    await tracked(knowDataset(store, api, network));
    const previous = store.get();
    const another = !previous.network || previous.network.id !== network.id;
    const dataset = datasetOf({ ...previous, network });
    // What the learner left this network with (saved-view.js), in the same write as the network:
    // the store's subscriber saves the view, and must never save one network's view under another.
    const restored = another ? restoredView(loadView(localStorage, network.id), network, {
      datasetSize: dataset ? dataset.size : 1, limits: previous.limits, tabs: CHAPTER_TABS, walkSteps: WALK_STEPS.length,
    }) : {};
    store.set({
      network,
      exampleIndex: Math.min(previous.exampleIndex, (dataset ? dataset.size : 1) - 1),
      history: keepHistory ? previous.history : emptyHistory(network),
      // Another network: its shape makes the old selection, lights and layer numbers meaningless.
      ...(another ? {
        selected: null, neuron: null, pass: null, breakdown: null, answers: {}, walkBatch: null, edits: [],
        drawn: null, learned: null,
        backward: null, highlight: null, chapter: { ...previous.chapter, layer: null },
      } : {}),
      ...restored,
    });
    networkList.remember(network);
    const shown = store.get().history;
    await Promise.all([refreshPass(), pictures.refresh(), keepHistory ? null : loadHistory(network, shown)]);
    const { walk } = store.get();
    if (another && walk && walk.open) await chapter.walkTo(walk.step);
  }

  async function create(spec) {
    const network = await tracked(api.createNetwork(spec));
    store.set({ exampleIndex: 0, training: false });
    await adopt(network);
    return network;
  }

  async function selectEdge(edge) {
    // One selection at a time: a weight chosen closes the neuron view.
    store.set({ selected: edge, ...(edge ? { neuron: null } : {}), editError: null });
    await refreshPass();
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
      const others = store.get().myNetworks.length - 1;
      say(`Opened a copy of a shared network (${described(network, store.get().datasets)}); it is yours to change.${
        others > 0 ? " Your own networks are still under My networks." : ""}`);
      return true;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      say(`${error.message}. Your own network is shown instead.`, "error");
      return false;
    }
  }

  async function trainOnce(options) {
    const { network } = store.get();
    if (!network) return;
    const result = await tracked(api.train(network.id, options));
    const { history } = store.get();
    const first = result.network.step - result.costs.length + 1;
    const batch = capped(history.batch.concat(result.costs.map((cost, i) => ({ step: first + i, cost }))));
    const evals = capped(history.evals.concat([{ step: result.network.step, cost: result.cost }]));
    store.set({ history: { batch, evals } });
    if (result.diverged) {
      reportDivergence(store, say, network.id, result.diverged);
    }
    await adopt(result.network, { keepHistory: true });
  }

  const setExample = guarded(async (index) => {
    const dataset = datasetOf(store.get());
    if (!dataset) return;
    // A row chosen leaves the drawing (the pad keeps it).
    store.set({ exampleIndex: ((index % dataset.size) + dataset.size) % dataset.size, drawn: null });
    // The stream's frames carry one example's gradients: follow the new one.
    live.restart();
    await refreshPass();
  });


  /** The page's first network: a lesson link's, else a shared copy, else the one shown last, else a new one. */
  async function opened(savedId) {
    if (await lesson.openLesson(window.location.search, create)) return;
    if (await openSharedLink()) return;
    if (savedId) {
      try {
        await adopt(await tracked(api.network(savedId)));
        return;
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
        // It stays listed, marked gone, for the learner to see and forget.
        networkList.markGone(savedId);
        await create(DEFAULT_SPEC);
        say(`The saved network ${savedId} no longer exists, so a fresh one was created.`);
        return;
      }
    }
    await create(DEFAULT_SPEC);
  }

  return {
    init: guarded(async () => {
      const [limits, datasets] = await tracked(Promise.all([api.limits(), api.datasets()]));
      store.set({ limits, datasets });
      const savedId = networkList.load();
      await opened(savedId);
      await networkList.lookUp();
    }),

    /** A new network; a preset's learning rate goes to the training controls. */
    createNetwork: guarded(placed(store, "network", async (spec, learningRate = null) => {
      const network = await create(spec);
      if (learningRate !== null) {
        store.set({ learningRate });
        await refreshSections(context);
      }
      say(`Created network ${described(network, store.get().datasets)}.`);
    })),

    /** The page found a mistake itself: the server's older messages for that place go. */
    clearFieldErrors: (place) => {
      const { fieldErrors } = store.get();
      const cleared = withoutPlace(fieldErrors, place);
      if (cleared !== fieldErrors) store.set({ fieldErrors: cleared });
    },

    selectEdge: guarded(selectEdge),
    setExample,

    randomExample: () => {
      const dataset = datasetOf(store.get());
      return dataset ? setExample(Math.floor(Math.random() * dataset.size)) : undefined;
    },

    setScale: (scale) => store.set({ scale }),

    /** Presenter mode on or off (controls/presenter.js draws it). */
    setPresenter: (presenter) => store.set({ presenter: Boolean(presenter) }),

    step: guarded(placed(store, "training", async () => {
      const options = trainingOptions(store.get());
      if (options) await trainOnce({ ...options, steps: 1 });
    })),

    startTraining: guarded(async () => {
      const options = trainingOptions(store.get());
      if (!options) return;
      const left = draw.leaveDrawingToTrain();
      live.start(options);
      if (left) say(left);
    }),

    pause: guarded(() => live.pause()),

    /** New knobs while training: a new stream from the saved step. */
    restartTraining: () => {
      const state = store.get();
      const options = state.training && trainingOptions(state);
      if (options) live.restart(options);
    },

    /** Exactly state.trainSteps steps at the chosen speed, through the live stream. */
    trainN: guarded(async () => {
      const state = store.get();
      const options = trainingOptions(state);
      const steps = trainStepsOf(state);
      if (options === null || steps === null) return;
      const left = draw.leaveDrawingToTrain();
      live.start({ ...options, steps });
      if (left) say(left);
    }),

    setTrainSteps: (trainSteps) => store.set({ trainSteps }),

    /** The loss curve's "steps" or "cost" axis on a log scale, or not. */
    setChartLog: (axis, on) => store.set({ chartLog: { ...store.get().chartLog, [axis]: on } }),

    /** Steps a second (null: full speed); while training, a new stream from the saved step at it. */
    setSpeed: (speed) => {
      if (Object.is(store.get().speed, speed)) return;
      store.set({ speed });
      const state = store.get();
      const options = state.training && trainingOptions(state);
      if (options) live.restart(options);
    },

    importNetwork: guarded(placed(store, "files", async (doc) => {
      store.set({ training: false });
      const network = await tracked(api.importNetwork(doc));
      store.set({ exampleIndex: 0 });
      await adopt(network);
      say(`Opened ${described(network, store.get().datasets)} at step ${network.step} from the file, as a new network.`);
      return network;
    })),

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
      // The initial weights are not what the hand edits replaced: there is nothing left to undo.
      store.set({ edits: [] });
      await adopt(await tracked(api.resetNetwork(network.id)));
      say("Reset to the initial weights of this network's seed.");
    }),

    ...teach,
    ...divergenceActions(context, teach.setLearningRate),
    ...undoActions(context),
    ...listActions,
    ...chapter,
    ...uploadActions({ store, api, tracked, say }),
    lessonFields: lesson.lessonFields,
    ...regularizationActions(context, live, say),
    ...regenerateActions(context, live, say),
    ...draw,
  };
}
