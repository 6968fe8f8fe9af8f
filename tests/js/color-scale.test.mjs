// The gradient colour scale: neutral grey rgb(212, 216, 222) at 0, blue rgb(33, 102, 172) for a
// negative gradient, red rgb(192, 40, 43) for a positive one, the intensity |g| / maxAbs (linear) or
// spread over the 4 decades below maxAbs (log). Mixed colours are rounded per channel by hand here.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  LOG_DECADES, activationFill, blend, colorAt, colorRgb, createScale, gradientScale,
} from "../../static/js/drawing/color-scale.js";

const near = (actual, expected) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);

test("blend moves each channel a fraction of the way and rounds", () => {
  assert.deepEqual(blend([0, 0, 0], [10, 20, 30], 0.25), [3, 5, 8]);
  assert.deepEqual(blend([10, 20, 30], [0, 0, 0], 1), [0, 0, 0]);
});

test("canvas colours: neutral at 0, the sign's hue at full intensity", () => {
  assert.deepEqual(colorRgb(1, 0), [212, 216, 222]);
  assert.deepEqual(colorRgb(-1, 1), [33, 102, 172]);
  assert.deepEqual(colorRgb(1, 1), [192, 40, 43]);
});

test("linear: intensity is |g| / maxAbs, capped at 1", () => {
  const scale = createScale(2, "linear");
  assert.equal(scale.intensity(1), 0.5);
  assert.equal(scale.intensity(-2), 1);
  assert.equal(scale.intensity(4), 1);
  assert.equal(scale.intensity(0), 0);
  assert.equal(scale.intensity(NaN), 0);
  assert.equal(scale.floor, 0);
});

test("linear colours: half-way to red or blue at half the largest gradient", () => {
  const scale = createScale(2, "linear");
  // (212 + 192) / 2 = 202, (216 + 40) / 2 = 128, (222 + 43) / 2 = 132.5 -> 133.
  assert.equal(scale.color(1), "rgb(202, 128, 133)");
  // (212 + 33) / 2 = 122.5 -> 123, (216 + 102) / 2 = 159, (222 + 172) / 2 = 197.
  assert.equal(scale.color(-1), "rgb(123, 159, 197)");
  assert.equal(scale.color(0), "rgb(212, 216, 222)");
  assert.equal(scale.color(2), "rgb(192, 40, 43)");
  assert.equal(scale.color(-5), "rgb(33, 102, 172)");
});

test("log: each decade below maxAbs is a quarter of the intensity", () => {
  assert.equal(LOG_DECADES, 4);
  const scale = createScale(1, "log");
  near(scale.intensity(1), 1);
  near(scale.intensity(0.1), 0.75);
  near(scale.intensity(-0.01), 0.5);
  near(scale.intensity(1e-4), 0);
  assert.equal(scale.intensity(1e-7), 0);
  assert.equal(scale.intensity(0), 0);
  near(scale.floor, 1e-4);
});

test("with no largest gradient, any non-zero gradient is at full colour", () => {
  const scale = createScale(0, "linear");
  assert.equal(scale.intensity(0.3), 1);
  assert.equal(scale.intensity(0), 0);
  assert.equal(scale.color(-0.3), "rgb(33, 102, 172)");
});

test("legend ticks: 0, the largest and half of it (linear) or a hundredth (log), each side", () => {
  assert.deepEqual(createScale(2, "linear").ticks, [
    { value: -2, position: -1 }, { value: -1, position: -0.5 }, { value: 0, position: 0 },
    { value: 1, position: 0.5 }, { value: 2, position: 1 },
  ]);
  const log = createScale(1, "log").ticks;
  assert.deepEqual(log.map((t) => t.value), [-1, -0.01, 0, 0.01, 1]);
  [-1, -0.5, 0, 0.5, 1].forEach((position, i) => near(log[i].position, position));
});

test("the legend bar runs blue -> grey -> red", () => {
  assert.equal(colorAt(-1), "rgb(33, 102, 172)");
  assert.equal(colorAt(0), "rgb(212, 216, 222)");
  assert.equal(colorAt(1), "rgb(192, 40, 43)");
});

test("neuron fill: white when inactive, dark slate when fully active, clamped", () => {
  assert.equal(activationFill(0), "rgb(255, 255, 255)");
  assert.equal(activationFill(1), "rgb(45, 52, 84)");
  // (255 + 45) / 2 = 150, (255 + 52) / 2 = 153.5 -> 154, (255 + 84) / 2 = 169.5 -> 170.
  assert.equal(activationFill(0.5), "rgb(150, 154, 170)");
  assert.equal(activationFill(2), "rgb(45, 52, 84)");
  assert.equal(activationFill(-1), "rgb(255, 255, 255)");
});

test("a state's scale spans its largest |dC/dw| in the state's mode", () => {
  const network = { id: "g", layers: [2, 1], step: 0, cost: 1, weights: [[[1, 2]]] };
  const pass = { grad_w: [[[0.5, -3]]], a: [[0, 1], [0.5]] };
  const scale = gradientScale({ network, pass, frame: null, training: false, scale: "log" });
  assert.equal(scale.maxAbs, 3);
  assert.equal(scale.mode, "log");
  assert.equal(gradientScale({ network, pass: null, frame: null, training: false, scale: "linear" }).maxAbs, 0);
});
