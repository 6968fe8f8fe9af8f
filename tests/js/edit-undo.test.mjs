// Undo of hand edits: the value an edit replaced is read from the network before it, the stack
// keeps the newest UNDO_LIMIT (at least 20), and only the current network's edits can be undone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { UNDO_LIMIT, parameterValue, putParameter, undoableEdits, withEdit } from "../../static/js/state/edit-undo.js";
import { stillOpen } from "../../static/js/drawing/keyboard-open.js";

const network = { id: "n1", weights: [[[0.1, 0.2]], [[0.3]]], biases: [[-0.5], [0.7]] };

test("a weight's and a bias's value, undefined outside the network", () => {
  assert.equal(parameterValue(network, { layer: 1, j: 0, k: 1 }), 0.2);
  assert.equal(parameterValue(network, { layer: 2, j: 0, k: 0 }), 0.3);
  assert.equal(parameterValue(network, { layer: 2, j: 0 }), 0.7);
  assert.equal(parameterValue(network, { layer: 3, j: 0, k: 0 }), undefined);
  assert.equal(parameterValue(network, { layer: 1, j: 4 }), undefined);
});

test("the stack keeps the newest edits, at least 20", () => {
  assert.ok(UNDO_LIMIT >= 20);
  let stack = [];
  for (let i = 0; i < UNDO_LIMIT + 5; i += 1) stack = withEdit(stack, { networkId: "n1", before: i });
  assert.equal(stack.length, UNDO_LIMIT);
  assert.equal(stack[0].before, 5);
  assert.equal(stack.at(-1).before, UNDO_LIMIT + 4);
  assert.deepEqual(withEdit([{ before: 1 }], { before: 2 }, 1), [{ before: 2 }]);
});

test("only the shown network's edits are undoable", () => {
  const edits = [{ networkId: "n0", before: 1 }, { networkId: "n1", before: 2 }];
  assert.deepEqual(undoableEdits({ network, edits }), [edits[1]]);
  assert.deepEqual(undoableEdits({ network: null, edits }), []);
});

test("an undo uses the same PUT as the edit: weights with k, biases without", () => {
  const calls = [];
  const api = {
    setWeight: (...args) => calls.push(["weight", ...args]),
    setBias: (...args) => calls.push(["bias", ...args]),
  };
  putParameter(api, "n1", { layer: 2, j: 0, k: 0 }, 0.3);
  putParameter(api, "n1", { layer: 1, j: 0 }, -0.5);
  assert.deepEqual(calls, [["weight", "n1", { layer: 2, j: 0, k: 0 }, 0.3], ["bias", "n1", { layer: 1, j: 0 }, -0.5]]);
});

test("Escape closes what Enter opened only while it is still the one shown", () => {
  const weight = { kind: "weight", target: { layer: 2, j: 0, k: 1 } };
  const neuron = { kind: "neuron", target: { layer: 1, j: 2 } };
  assert.equal(stillOpen(weight, { selected: { layer: 2, j: 0, k: 1 }, neuron: null }), true);
  assert.equal(stillOpen(weight, { selected: { layer: 2, j: 0, k: 0 }, neuron: null }), false);
  assert.equal(stillOpen(weight, { selected: null, neuron: { layer: 2, j: 0 } }), false);
  assert.equal(stillOpen(neuron, { selected: null, neuron: { layer: 1, j: 2 } }), true);
  assert.equal(stillOpen(neuron, { selected: null, neuron: null }), false);
  assert.equal(stillOpen(null, { selected: null, neuron: null }), false);
});
