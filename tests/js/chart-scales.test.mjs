// The loss curve's log scales, the tooltip's nearest point and the overfitting mark.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  logCostAxis, logCostFraction, logStepTicks, nearestPoint, overfitStep, stepFraction,
} from "../../static/js/controls/chart-scales.js";

const close = (a, b) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

test("the linear step axis is proportional, the log one goes by log10(1 + step)", () => {
  const linear = stepFraction(0, 100, false);
  close(linear(50), 0.5);
  const log = stepFraction(0, 999, true);
  close(log(0), 0);
  close(log(9), 1 / 3);
  close(log(99), 2 / 3);
  close(log(999), 1);
  // Starting later: step 9 is the left edge.
  close(stepFraction(9, 999, true)(99), 0.5);
});

test("a one-step-wide axis never divides by zero", () => {
  close(stepFraction(5, 5, true)(5), 0);
  close(stepFraction(5, 5, false)(5), 0);
});

test("log step ticks are 0 (when shown) and the powers of ten in range", () => {
  assert.deepEqual(logStepTicks(0, 2500), [0, 1, 10, 100, 1000]);
  assert.deepEqual(logStepTicks(40, 100000), [100, 1000, 10000, 100000]);
  assert.deepEqual(logStepTicks(0, 1), [0, 1]);
});

test("the log cost axis spans whole decades around the positive finite costs", () => {
  const axis = logCostAxis([{ cost: 0.03 }, { cost: 2.5 }, { cost: 0 }, { cost: Infinity }, { cost: NaN }]);
  close(axis.low, 0.01);
  close(axis.high, 10);
  assert.equal(axis.ticks.length, 4);
  const fraction = logCostFraction(axis);
  close(fraction(0.1), 1 / 3);
  assert.equal(fraction(0), 0);
  assert.equal(fraction(1e9), 1);
});

test("one cost, or none, still gives a decade; many decades thin the ticks", () => {
  const one = logCostAxis([{ cost: 1 }]);
  assert.deepEqual([one.low, one.high], [1, 10]);
  assert.deepEqual(logCostAxis([]), { low: 0.1, high: 1, ticks: [0.1, 1] });
  const wide = logCostAxis([{ cost: 1e-6 }, { cost: 1e6 }]);
  assert.equal(wide.ticks.length, 5); // every 3rd of 12 decades: 1e-6, 1e-3, 1, 1e3, 1e6
  close(wide.ticks[2], 1);
});

test("the nearest point is the one whose x is closest to the pointer", () => {
  const points = [{ step: 0 }, { step: 10 }, { step: 30 }];
  assert.equal(nearestPoint(points, 14, (s) => s), points[1]);
  assert.equal(nearestPoint(points, 21, (s) => s), points[2]);
  assert.equal(nearestPoint(points, -5, (s) => s), points[0]);
  assert.equal(nearestPoint([], 3, (s) => s), null);
});

const run = (tests) => tests.map((t, i) => ({ step: i * 10, cost: 1 / (i + 1), test: t }));

test("overfitting starts at the lowest test cost when the test cost rises after it", () => {
  assert.equal(overfitStep(run([1, 0.8, 0.6, 0.5, 0.55, 0.6, 0.7])), 30);
});

test("no overfitting while the test cost still falls, or with too few points after its low", () => {
  assert.equal(overfitStep(run([1, 0.8, 0.6, 0.5, 0.4])), null);
  assert.equal(overfitStep(run([1, 0.8, 0.5, 0.6, 0.7])), null); // two points after the low
  assert.equal(overfitStep(run([1, 0.8, 0.5, 0.6, 0.7]), { after: 2 }), 20);
});

test("a wobble within 1% of the low, or a return to it, is not overfitting", () => {
  assert.equal(overfitStep(run([1, 0.5, 0.503, 0.502, 0.504])), null);
  assert.equal(overfitStep(run([1, 0.5, 0.6, 0.7, 0.8, 0.5, 0.6])), null); // back at the low at step 50
});

test("points without a test cost are skipped", () => {
  const evals = [...run([1, 0.5, 0.6, 0.7, 0.8]), { step: 60, cost: 0.1 }, { step: 70, cost: 0.1, test: null }];
  assert.equal(overfitStep(evals), 10);
  assert.equal(overfitStep([{ step: 0, cost: 1 }, { step: 5, cost: 0.5 }]), null);
});
