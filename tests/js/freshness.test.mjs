// An answer is current iff it was fetched for the state's (network id, version, example, weight or
// neuron, section): any one of them moving on makes it stale, and nothing else does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { drawnExample, exampleOf, isCurrent, keyFor, stamped } from "../../static/js/state/freshness.js";
import { batchRows, exampleBody } from "../../static/js/state/state.js";

const network = { id: "n1", version: 3, dataset: "xor", layers: [2, 3, 1] };
const state = {
  network, exampleIndex: 5, selected: { layer: 2, j: 0, k: 1 }, neuron: { layer: 1, j: 2 },
  costView: null, learningRate: 0.5,
};
const PASS = { section: "pass" };
const BREAKDOWN = { section: "breakdown", about: "weight" };
const NEURON = { section: "neuron", about: "neuron" };
const PREVIEW = { section: "preview", about: "weight", inputs: ["learningRate"] };
const MEAN = { section: "mean", perExample: false };

test("the example is the row's index, or 'custom' for a network without a data set", () => {
  assert.equal(exampleOf(state), 5);
  assert.equal(exampleOf({ ...state, network: { ...network, dataset: null } }), "custom");
  assert.equal(exampleOf({ ...state, exampleIndex: 0 }), 0);
});

test("an answer stamped with the state it was asked in is current in that state", () => {
  for (const scope of [PASS, BREAKDOWN, NEURON, PREVIEW, MEAN]) {
    assert.equal(isCurrent(stamped({ value: 1 }, state, scope), state), true, scope.section);
  }
});

test("stamping keeps the answer's fields", () => {
  const answer = stamped({ gradient: -0.25, example: 5 }, state, BREAKDOWN);
  assert.equal(answer.gradient, -0.25);
  assert.equal(answer.example, 5);
  assert.deepEqual(answer.scope, BREAKDOWN);
});

test("a new version of the same network makes every answer stale", () => {
  const later = { ...state, network: { ...network, version: 4 } };
  for (const scope of [PASS, BREAKDOWN, NEURON, PREVIEW, MEAN]) {
    assert.equal(isCurrent(stamped({}, state, scope), later), false, scope.section);
  }
});

test("another network with the same version makes every answer stale", () => {
  const other = { ...state, network: { ...network, id: "n2" } };
  assert.equal(isCurrent(stamped({}, state, PASS), other), false);
  assert.equal(isCurrent(stamped({}, state, MEAN), other), false);
});

test("the same network and version in a new object is still current (no identity comparison)", () => {
  const copy = { ...state, network: structuredClone(network), selected: { ...state.selected } };
  assert.equal(isCurrent(stamped({}, state, BREAKDOWN), copy), true);
});

test("another example makes per-example answers stale, not the data set's", () => {
  const next = { ...state, exampleIndex: 6 };
  assert.equal(isCurrent(stamped({}, state, PASS), next), false);
  assert.equal(isCurrent(stamped({}, state, BREAKDOWN), next), false);
  assert.equal(isCurrent(stamped({}, state, MEAN), next), true);
});

test("another weight makes the weight's answers stale, not the pass or the neuron's", () => {
  for (const selected of [{ layer: 2, j: 0, k: 0 }, { layer: 1, j: 0, k: 1 }, { layer: 2, j: 1, k: 1 }]) {
    const moved = { ...state, selected };
    assert.equal(isCurrent(stamped({}, state, BREAKDOWN), moved), false);
    assert.equal(isCurrent(stamped({}, state, PREVIEW), moved), false);
    assert.equal(isCurrent(stamped({}, state, PASS), moved), true);
    assert.equal(isCurrent(stamped({}, state, NEURON), moved), true);
  }
});

test("another neuron makes the neuron's answers stale", () => {
  const moved = { ...state, neuron: { layer: 1, j: 0 } };
  assert.equal(isCurrent(stamped({}, state, NEURON), moved), false);
  assert.equal(isCurrent(stamped({}, state, BREAKDOWN), moved), true);
});

test("a section's own inputs count: a new learning rate makes the preview stale", () => {
  const faster = { ...state, learningRate: 2 };
  assert.equal(isCurrent(stamped({}, state, PREVIEW), faster), false);
  assert.equal(isCurrent(stamped({}, state, BREAKDOWN), faster), true);
});

test("the same key under another section is another answer", () => {
  const answer = stamped({}, state, BREAKDOWN);
  assert.notEqual(answer.key, keyFor(state, { ...BREAKDOWN, section: "cost" }));
});

test("nothing to ask for: no network, or no weight or neuron for a section about one", () => {
  assert.equal(keyFor({ ...state, network: null }, PASS), null);
  assert.equal(keyFor({ ...state, selected: null }, BREAKDOWN), null);
  assert.equal(keyFor({ ...state, neuron: null }, NEURON), null);
  // An answer without a key is never current, even when the state has nothing to ask for either.
  const unasked = stamped({}, { ...state, selected: null }, BREAKDOWN);
  assert.equal(isCurrent(unasked, { ...state, selected: null }), false);
});

test("no answer, or one without a key, is not current", () => {
  assert.equal(isCurrent(null, state), false);
  assert.equal(isCurrent(undefined, state), false);
  assert.equal(isCurrent({ gradient: 1 }, state), false);
});

test("a network without a data set keys its answers by the all-zero probe", () => {
  const probe = { ...state, network: { ...network, dataset: null } };
  const answer = stamped({}, probe, PASS);
  assert.equal(isCurrent(answer, probe), true);
  // The example index is meaningless without a data set.
  assert.equal(isCurrent(answer, { ...probe, exampleIndex: 9 }), true);
});

// A digit the learner drew is the current example instead of a row; each stroke or label is a new id.
const drawing = (id, networkId = "n1") => ({ networkId, id, label: 3, x: [0, 0.5], y: [1] });

test("a drawing of the network on show is the example, by its id", () => {
  assert.equal(exampleOf({ ...state, drawn: drawing(4) }), "drawn:4");
  // One made for another network (before a switch) is not this network's example.
  assert.equal(exampleOf({ ...state, drawn: drawing(4, "n2") }), 5);
  assert.equal(drawnExample({ ...state, drawn: drawing(4, "n2") }), null);
  assert.equal(drawnExample({ ...state, drawn: drawing(4) }).id, 4);
});

test("an older drawing's answers, and the row's, are stale while a drawing is current", () => {
  const first = { ...state, drawn: drawing(1) };
  const second = { ...state, drawn: drawing(2) };
  for (const scope of [PASS, BREAKDOWN, NEURON, PREVIEW]) {
    assert.equal(isCurrent(stamped({}, first, scope), first), true, scope.section);
    assert.equal(isCurrent(stamped({}, first, scope), second), false, scope.section);
    assert.equal(isCurrent(stamped({}, state, scope), first), false, scope.section);
    // Leaving the drawing for the rows makes its answers stale too.
    assert.equal(isCurrent(stamped({}, first, scope), state), false, scope.section);
  }
  // The data set's own answers do not depend on the example.
  assert.equal(isCurrent(stamped({}, state, MEAN), first), true);
});

test("requests name a drawing by its x and y, and the mini-batch of rows does not apply to it", () => {
  const datasets = [{ name: "xor", size: 200 }];
  const drawn = { ...state, datasets, batchSize: 4, drawn: drawing(7) };
  assert.deepEqual(exampleBody(drawn), { x: [0, 0.5], y: [1] });
  assert.deepEqual(exampleBody({ ...drawn, drawn: null }), { example: 5 });
  assert.equal(batchRows(drawn), null);
  assert.deepEqual(batchRows({ ...drawn, drawn: drawing(7, "n2") }), [5, 6, 7, 8]);
});
