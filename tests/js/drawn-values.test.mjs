// Weight indexing: the page reads every per-weight array in the API's flat order (layer l = 1..L,
// then row-major), so w_jk^(l) sits at offset(l) + j * n_(l-1) + k. Expected indices are worked out
// by hand for a 2-3-1 network: W^(1) is 3 x 2 (indices 0..5), W^(2) is 1 x 3 (indices 6..8).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  drawnValues, edgeCount, largestMagnitude, weightAt, weightIndex, weightOffsets,
} from "../../static/js/drawing/drawn-values.js";

const LAYERS = [2, 3, 1];

test("edge counts are the sum of n_l x n_(l-1)", () => {
  assert.equal(edgeCount(LAYERS), 9);
  assert.equal(edgeCount([3, 4, 4, 2]), 12 + 16 + 8);
  assert.equal(edgeCount([784, 32, 10]), 25088 + 320);
  assert.equal(edgeCount([5]), 0);
});

test("each weight layer starts after the ones before it", () => {
  assert.deepEqual(weightOffsets(LAYERS), [0, 6]);
  assert.deepEqual(weightOffsets([3, 4, 4, 2]), [0, 12, 28]);
  assert.deepEqual(weightOffsets([5]), []);
});

test("a flat index names its layer, row j and column k", () => {
  assert.deepEqual(weightAt(LAYERS, 0), { layer: 1, j: 0, k: 0 });
  assert.deepEqual(weightAt(LAYERS, 1), { layer: 1, j: 0, k: 1 });
  assert.deepEqual(weightAt(LAYERS, 2), { layer: 1, j: 1, k: 0 });
  assert.deepEqual(weightAt(LAYERS, 5), { layer: 1, j: 2, k: 1 });
  assert.deepEqual(weightAt(LAYERS, 6), { layer: 2, j: 0, k: 0 });
  assert.deepEqual(weightAt(LAYERS, 8), { layer: 2, j: 0, k: 2 });
});

test("an index past the last weight names none", () => {
  assert.equal(weightAt(LAYERS, 9), null);
  assert.equal(weightAt([5], 0), null);
});

test("(layer, j, k) gives back the flat index", () => {
  assert.equal(weightIndex(LAYERS, { layer: 1, j: 0, k: 0 }), 0);
  assert.equal(weightIndex(LAYERS, { layer: 1, j: 2, k: 0 }), 4);
  assert.equal(weightIndex(LAYERS, { layer: 2, j: 0, k: 1 }), 7);
  // 3-4-4-2: W^(3) starts at 12 + 16 = 28 and has rows of 4.
  assert.equal(weightIndex([3, 4, 4, 2], { layer: 3, j: 1, k: 3 }), 28 + 4 + 3);
});

test("index -> (layer, j, k) -> index is the identity over every weight", () => {
  const layers = [3, 4, 4, 2];
  for (let i = 0; i < edgeCount(layers); i += 1) assert.equal(weightIndex(layers, weightAt(layers, i)), i);
});

/** weights[l-1][j][k] = 100 l + 10 j + k, so each value says which weight it is. */
function nestedWeights(layers) {
  return layers.slice(1).map((n, i) => Array.from({ length: n }, (_, j) => (
    Array.from({ length: layers[i] }, (_, k) => 100 * (i + 1) + 10 * j + k))));
}

test("the drawn weights follow the API's nested weights[l-1][j][k] at weightIndex", () => {
  const network = { id: "n", layers: LAYERS, step: 3, cost: 0.5, weights: nestedWeights(LAYERS) };
  const drawn = drawnValues({ network, pass: null, frame: null, training: false });
  assert.equal(drawn.live, false);
  assert.equal(drawn.step, 3);
  assert.deepEqual(Array.from(drawn.weights), [100, 101, 110, 111, 120, 121, 200, 201, 202]);
  assert.equal(drawn.weights[weightIndex(LAYERS, { layer: 2, j: 0, k: 1 })], 201);
  assert.equal(drawn.gradW, null);
  assert.equal(drawn.activations, null);
});

test("a pass adds gradients in weight order and activations layer by layer; null reads NaN", () => {
  const network = { id: "n", layers: LAYERS, step: 0, cost: 1, weights: nestedWeights(LAYERS) };
  const pass = {
    grad_w: [[[1, 2], [3, 4], [5, null]], [[7, 8, 9]]],
    a: [[0.1, 0.2], [0.3, 0.4, 0.5], [0.6]],
  };
  const drawn = drawnValues({ network, pass, frame: null, training: false });
  assert.deepEqual(Array.from(drawn.gradW), [1, 2, 3, 4, 5, NaN, 7, 8, 9]);
  assert.deepEqual(Array.from(drawn.activations), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
});

test("a live frame of this network is drawn instead of the pass, and the same state gives the same object", () => {
  const network = { id: "n", layers: LAYERS, step: 0, cost: 1, weights: nestedWeights(LAYERS) };
  const frame = {
    networkId: "n", step: 40, cost: 0.25, weights: new Float64Array(9), grad_w: new Float64Array(9), activations: new Float64Array(6),
  };
  const state = { network, pass: null, frame, training: true };
  const drawn = drawnValues(state);
  assert.equal(drawn.live, true);
  assert.equal(drawn.step, 40);
  assert.equal(drawn.weights, frame.weights);
  assert.equal(drawnValues({ ...state }), drawn);
  // Another network's frame is not this one's.
  assert.equal(drawnValues({ ...state, frame: { ...frame, networkId: "other" } }).live, false);
});

test("the largest magnitude skips infinities and NaN", () => {
  assert.equal(largestMagnitude([-3, 2, Infinity, NaN, -Infinity]), 3);
  assert.equal(largestMagnitude(new Float32Array([0.5, -0.25])), 0.5);
  assert.equal(largestMagnitude([]), 0);
  assert.equal(largestMagnitude(null), 0);
});
