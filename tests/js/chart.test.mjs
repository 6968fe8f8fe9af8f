// The loss chart's pure parts: which points it strokes (at most the low and high of each pixel
// column) and its axes (round cost ticks, a step range at least one step wide).
import { test } from "node:test";
import assert from "node:assert/strict";
import { chartAxes, columns } from "../../static/js/controls/chart.js";

const steps = (points) => points.map((p) => p.step);

test("fewer than 200 points are all stroked", () => {
  const points = Array.from({ length: 199 }, (_, i) => ({ step: i, cost: 1 }));
  assert.equal(columns(points, () => 0), points);
});

test("each pixel column keeps its lowest and highest point, in step order", () => {
  // 400 steps, 100 to a column. Within a column the cost is (37 r) mod 100 for r = step mod 100:
  // every value 0..99 once, 0 at r = 0 and 99 at r = 27 (37 x 27 = 999).
  const points = Array.from({ length: 400 }, (_, i) => ({ step: i, cost: (37 * (i % 100)) % 100 }));
  const kept = columns(points, (step) => Math.floor(step / 100));
  assert.deepEqual(steps(kept), [0, 27, 100, 127, 200, 227, 300, 327]);
  assert.deepEqual(kept.map((p) => p.cost), [0, 99, 0, 99, 0, 99, 0, 99]);
});

test("a column whose highest point comes first keeps it first", () => {
  const points = Array.from({ length: 400 }, (_, i) => ({ step: i, cost: 99 - ((37 * (i % 100)) % 100) }));
  const kept = columns(points, (step) => Math.floor(step / 100));
  assert.deepEqual(steps(kept), [0, 27, 100, 127, 200, 227, 300, 327]);
  assert.deepEqual(kept.map((p) => p.cost), [99, 0, 99, 0, 99, 0, 99, 0]);
});

test("a column with one point, or one flat cost, keeps one point", () => {
  const own = Array.from({ length: 250 }, (_, i) => ({ step: i, cost: i % 7 }));
  assert.deepEqual(columns(own, (step) => step), own);
  const flat = Array.from({ length: 250 }, (_, i) => ({ step: i, cost: 2 }));
  assert.deepEqual(columns(flat, () => 5), [flat[0]]);
});

test("columns are the rounded x: 0.4 and 0.6 fall in different ones", () => {
  const points = Array.from({ length: 200 }, (_, i) => ({ step: i, cost: i }));
  // step / 250 rounds to 0 below step 125 and to 1 from there.
  assert.deepEqual(steps(columns(points, (step) => step / 250)), [0, 124, 125, 199]);
});

test("no points: steps 0 to 1 and costs 0 to 1 in quarters", () => {
  assert.deepEqual(chartAxes([], 1), { firstStep: 0, lastStep: 1, top: 1, tick: 0.25 });
});

test("all-zero costs keep the unit cost axis", () => {
  assert.deepEqual(chartAxes([{ step: 2, cost: 0 }, { step: 5, cost: 0 }], 5), { firstStep: 2, lastStep: 5, top: 1, tick: 0.25 });
});

test("the cost axis rounds up to a multiple of a 1-2-2.5-5 tick near a quarter of the highest cost", () => {
  // 30 / 4 = 7.5 -> tick 10 -> top 30.
  assert.deepEqual(chartAxes([{ step: 5, cost: 30 }, { step: 20, cost: 4 }], 20), { firstStep: 5, lastStep: 20, top: 30, tick: 10 });
  // 13 / 4 = 3.25 -> tick 5 -> top 15.
  assert.deepEqual(chartAxes([{ step: 0, cost: 13 }], 3), { firstStep: 0, lastStep: 3, top: 15, tick: 5 });
  // 7 / 4 = 1.75 -> tick 2 -> top 8.
  assert.deepEqual(chartAxes([{ step: 0, cost: 7 }], 1), { firstStep: 0, lastStep: 1, top: 8, tick: 2 });
  // 0.9 / 4 = 0.225 -> tick 0.25 -> top 1.
  const small = chartAxes([{ step: 0, cost: 0.9 }], 1);
  assert.ok(Math.abs(small.tick - 0.25) < 1e-12);
  assert.ok(Math.abs(small.top - 1) < 1e-12);
});

test("a diverged cost does not stretch the cost axis", () => {
  const axes = chartAxes([{ step: 0, cost: 20 }, { step: 1, cost: Infinity }, { step: 2, cost: NaN }], 2);
  // 20 / 4 = 5 -> tick 5 -> top 20.
  assert.deepEqual(axes, { firstStep: 0, lastStep: 2, top: 20, tick: 5 });
});

test("the step axis ends at the network's step when it is past the last point, and is never empty", () => {
  assert.equal(chartAxes([{ step: 0, cost: 1 }, { step: 3, cost: 1 }], 50).lastStep, 50);
  const one = chartAxes([{ step: 7, cost: 1 }], 7);
  assert.equal(one.firstStep, 7);
  assert.equal(one.lastStep, 8);
});
