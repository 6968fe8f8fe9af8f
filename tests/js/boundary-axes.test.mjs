// The decision boundary's tick values: round numbers inside the plotted range, placed by percentage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { niceTicks, tickPercent } from "../../static/js/pictures/boundary-axes.js";

test("xor's range (about ±1.13) gets -1, 0 and 1", () => {
  assert.deepEqual(niceTicks(-1.1264502837097257, 1.1260531364008721), [-1, 0, 1]);
});

test("steps of 1, 2 or 5 times a power of ten, all inside the range", () => {
  assert.deepEqual(niceTicks(0, 10), [0, 5, 10]);
  assert.deepEqual(niceTicks(-6.3, 6.3), [-5, 0, 5]);
  assert.deepEqual(niceTicks(0.1, 0.9), [0.2, 0.4, 0.6, 0.8]);
  assert.deepEqual(niceTicks(-0.35, 0.35), [-0.2, 0, 0.2]);
  for (const [low, high] of [[-3.7, 12.2], [0.001, 0.0042], [-250, -20]]) {
    const ticks = niceTicks(low, high);
    assert.ok(ticks.length >= 2 && ticks.length <= 8, `${ticks} for ${low}..${high}`);
    assert.ok(ticks.every((t) => t >= low && t <= high), `${ticks} leave ${low}..${high}`);
  }
});

test("no tick for an empty or broken range", () => {
  assert.deepEqual(niceTicks(1, 1), []);
  assert.deepEqual(niceTicks(2, 1), []);
  assert.deepEqual(niceTicks(Number.NaN, 1), []);
});

test("a tick's place is its share of the range from the low end", () => {
  assert.equal(tickPercent(0, -1, 1), 50);
  assert.equal(tickPercent(-1, -1, 3), 0);
  assert.equal(tickPercent(3, -1, 3), 100);
});
