// Where the arrow keys go over the drawing's weights and neurons. The 2-3-1 network's weights in
// flat order: W^(1) (3 x 2) at 0..5, W^(2) (1 x 3) at 6..8.
import { test } from "node:test";
import assert from "node:assert/strict";
import { neuronKeyMove, weightKeyMove } from "../../static/js/drawing/keyboard-nav.js";

const LAYERS = [2, 3, 1];

test("up and down step through the flat order; Home and End go to the ends", () => {
  const edge = { layer: 1, j: 2, k: 1 };
  assert.deepEqual(weightKeyMove(LAYERS, edge, 5, "ArrowDown"), { to: 6 });
  assert.deepEqual(weightKeyMove(LAYERS, edge, 5, "ArrowUp"), { to: 4 });
  assert.deepEqual(weightKeyMove(LAYERS, edge, 5, "Home"), { to: 0 });
  assert.deepEqual(weightKeyMove(LAYERS, edge, 5, "End"), { to: 8 });
});

test("right and left keep j and k where the next layer has them", () => {
  // w_21^(1) -> W^(2) has one row and three columns: w_01^(2), index 6 + 1.
  assert.deepEqual(weightKeyMove(LAYERS, { layer: 1, j: 2, k: 1 }, 5, "ArrowRight"), { to: 7 });
  // w_02^(2) -> W^(1) has two columns: w_01^(1), index 1.
  assert.deepEqual(weightKeyMove(LAYERS, { layer: 2, j: 0, k: 2 }, 8, "ArrowLeft"), { to: 1 });
  // 3-4-4-2: w_33^(2) (index 12 + 15) -> w_13^(3) (index 28 + 4 + 3).
  assert.deepEqual(weightKeyMove([3, 4, 4, 2], { layer: 2, j: 3, k: 3 }, 27, "ArrowRight"), { to: 35 });
});

test("right from the last layer and left from the first are used but go nowhere", () => {
  assert.deepEqual(weightKeyMove(LAYERS, { layer: 2, j: 0, k: 0 }, 6, "ArrowRight"), {});
  assert.deepEqual(weightKeyMove(LAYERS, { layer: 1, j: 0, k: 0 }, 0, "ArrowLeft"), {});
});

test("Enter and Space select the weight; other keys are left to the page", () => {
  assert.deepEqual(weightKeyMove(LAYERS, { layer: 1, j: 0, k: 0 }, 0, "Enter"), { select: true });
  assert.deepEqual(weightKeyMove(LAYERS, { layer: 1, j: 0, k: 0 }, 0, " "), { select: true });
  assert.equal(weightKeyMove(LAYERS, { layer: 1, j: 0, k: 0 }, 0, "Tab"), null);
  assert.equal(weightKeyMove(LAYERS, { layer: 1, j: 0, k: 0 }, 0, "a"), null);
});

test("neurons: arrows move within a layer (up, down) and across layers (left, right)", () => {
  assert.deepEqual(neuronKeyMove({ layer: 1, j: 2 }, "ArrowDown"), { layer: 1, j: 3 });
  assert.deepEqual(neuronKeyMove({ layer: 1, j: 2 }, "ArrowUp"), { layer: 1, j: 1 });
  assert.deepEqual(neuronKeyMove({ layer: 1, j: 2 }, "ArrowLeft"), { layer: 0, j: 2 });
  assert.deepEqual(neuronKeyMove({ layer: 1, j: 2 }, "ArrowRight"), { layer: 2, j: 2 });
  assert.deepEqual(neuronKeyMove({ layer: 0, j: 0 }, "Enter"), { open: true });
  assert.deepEqual(neuronKeyMove({ layer: 0, j: 0 }, " "), { open: true });
  assert.equal(neuronKeyMove({ layer: 0, j: 0 }, "Escape"), null);
});
