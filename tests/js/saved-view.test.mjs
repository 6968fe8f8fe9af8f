// What survives a reload: the record picked from the state, and a loaded record checked against the
// network it is for; a bad or stale field is dropped and the rest still restored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CHAPTER_TABS, loadView, restoredView, savedView, storeView, viewKey } from "../../static/js/state/saved-view.js";
import { historyFromServer } from "../../static/js/state/server-history.js";

const network = { id: "abc", layers: [2, 3, 1] };
const limits = {
  min_learning_rate: 1e-9, max_learning_rate: 100, max_batch_size: 2048,
  min_steps_per_second: 0.1, max_steps_per_second: 60, max_stream_steps: 1e8,
};
const known = { datasetSize: 4, limits, tabs: CHAPTER_TABS, walkSteps: 8 };

function state(patch = {}) {
  return {
    network, learningRate: 0.5, batchSize: 3, speed: 1, trainSteps: 25, exampleIndex: 2,
    selected: { layer: 2, j: 0, k: 1 }, neuron: null, walk: { step: 3, open: true },
    chapter: { tab: "chain", layer: 1 }, scale: "log", chartLog: { steps: false, cost: true }, ...patch,
  };
}

function memoryStorage() {
  const data = new Map();
  return {
    getItem: (key) => (data.has(key) ? data.get(key) : null),
    setItem: (key, value) => data.set(key, String(value)),
    writes: () => data.size,
  };
}

test("a saved record restores every field it holds", () => {
  const record = JSON.parse(JSON.stringify(savedView(state())));
  assert.deepEqual(restoredView(record, network, known), {
    learningRate: 0.5, batchSize: 3, speed: 1, trainSteps: 25, exampleIndex: 2,
    selected: { layer: 2, j: 0, k: 1 }, walk: { step: 3, open: true },
    chapter: { tab: "chain", layer: 1 }, scale: "log", chartLog: { steps: false, cost: true },
  });
});

test("a selected neuron and full speed come back too", () => {
  const record = savedView(state({ selected: null, neuron: { layer: 1, j: 2 }, speed: null }));
  const patch = restoredView(record, network, known);
  assert.deepEqual(patch.neuron, { layer: 1, j: 2 });
  assert.equal(patch.selected, undefined);
  assert.equal(patch.speed, null);
});

test("values that no longer fit the network or the limits are dropped, the rest kept", () => {
  const record = {
    ...savedView(state()), learningRate: 1000, batchSize: 5, exampleIndex: 4, speed: 0,
    selected: { layer: 2, j: 0, k: 3 }, walk: { step: 8, open: true }, chapter: { tab: "nope", layer: 1 },
    scale: "cubic", trainSteps: 2.5, chartLog: { steps: "yes", cost: true },
  };
  assert.deepEqual(restoredView(record, network, known), {});
  const partly = restoredView({ ...record, scale: "linear", exampleIndex: 3 }, network, known);
  assert.deepEqual(partly, { scale: "linear", exampleIndex: 3 });
});

test("garbage is no record at all", () => {
  for (const bad of [null, 3, "text", [], { selected: "x", neuron: 5, walk: 1, chapter: "chain" }]) {
    assert.deepEqual(restoredView(bad, network, known), {});
  }
  const storage = memoryStorage();
  storage.setItem(viewKey("abc"), "{not json");
  assert.equal(loadView(storage, "abc"), null);
  assert.equal(loadView(storage, "other"), null);
});

test("the record is written per network and only when it changed", () => {
  const storage = memoryStorage();
  let text = storeView(storage, state(), null);
  assert.deepEqual(loadView(storage, "abc"), savedView(state()));
  let writes = 0;
  const counting = { ...storage, setItem: (k, v) => { writes += 1; storage.setItem(k, v); } };
  text = storeView(counting, state(), text);
  assert.equal(writes, 0);
  storeView(counting, state({ scale: "linear" }), text);
  assert.equal(writes, 1);
  assert.equal(loadView(storage, "abc").scale, "linear");
  assert.equal(storeView(counting, { ...state(), network: null }, "x"), "x");
});

test("the server's history becomes the chart's, gaps and held-out costs kept apart", () => {
  const answer = {
    batch: [{ step: 1, cost: 0.5 }, { step: 2, cost: null }],
    evals: [{ step: 0, cost: 0.6, test_cost: null }, { step: 2, cost: 0.4, test_cost: 0.45 }, { step: 3, cost: null, test_cost: null }],
  };
  assert.deepEqual(historyFromServer(answer), {
    batch: [{ step: 1, cost: 0.5 }],
    evals: [{ step: 0, cost: 0.6 }, { step: 2, cost: 0.4, test: 0.45 }],
  });
});
