// Where the drawing puts its neurons: columns from x = 70 to width - 70, each layer centred in the
// band from y = 50 to height - 26, neurons as far apart as the tallest layer allows (at most 110 px),
// radius 0.34 x spacing within [3, 28].
import { test } from "node:test";
import assert from "node:assert/strict";
import { brightness, edgeWidth, layout } from "../../static/js/drawing/layout.js";

const near = (actual, expected) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);
const xs = (geometry) => geometry.positions.map((row) => row.map((p) => p.x));
const ys = (geometry) => geometry.positions.map((row) => row.map((p) => p.y));

test("a 2-3-1 network in 600 x 400", () => {
  // Band 50..374 (324 px), spacing 324 / 3 = 108, middle 212; columns at 70, 300, 530.
  const geometry = layout([2, 3, 1], 600, 400);
  assert.equal(geometry.radius, 28);
  assert.deepEqual(xs(geometry), [[70, 70], [300, 300, 300], [530]]);
  assert.deepEqual(ys(geometry), [[158, 266], [104, 212, 320], [212]]);
});

test("spacing stops at 110 px in a tall drawing", () => {
  // Band 50..974, middle 512; 924 / 2 = 462 would be wider than 110.
  const geometry = layout([1, 2], 400, 1000);
  assert.deepEqual(ys(geometry), [[512], [457, 567]]);
  assert.deepEqual(xs(geometry), [[70], [330, 330]]);
  assert.equal(geometry.radius, 28);
});

test("the radius is a third of the spacing between its bounds", () => {
  // Spacing 324 / 10 = 32.4, radius 0.34 x 32.4 = 11.016.
  near(layout([10, 1], 600, 400).radius, 11.016);
  // Spacing 3.24 would give 1.1: the radius stays at 3.
  const tall = layout([100, 1], 600, 400);
  assert.equal(tall.radius, 3);
  near(tall.positions[0][0].y, 212 - 49.5 * 3.24);
  near(tall.positions[0][99].y, 212 + 49.5 * 3.24);
});

test("a drawing too short keeps a 40 px band", () => {
  // 50 - 76 < 40: the band is 50..90, middle 70, spacing 40 / 2 = 20, radius 6.8.
  const geometry = layout([1, 2], 600, 50);
  assert.deepEqual(ys(geometry), [[70], [60, 80]]);
  near(geometry.radius, 6.8);
});

test("one layer sits in the middle; a drawing too narrow stacks the columns at the margin", () => {
  assert.deepEqual(xs(layout([3], 600, 400)), [[300, 300, 300]]);
  assert.deepEqual(xs(layout([1, 1, 1], 100, 400)), [[70], [70], [70]]);
});

test("brightness follows each activation's range", () => {
  assert.equal(brightness(0.7, "sigmoid", 1), 0.7);
  assert.equal(brightness(-1, "tanh", 1), 0);
  assert.equal(brightness(0, "tanh", 1), 0.5);
  assert.equal(brightness(3, "relu", 4), 0.75);
  // Linear and the input layer put 0 in the middle and the layer's peak at the ends.
  assert.equal(brightness(2, "linear", 4), 0.75);
  assert.equal(brightness(-4, "input", 4), 0);
  assert.equal(brightness(0, "input", 1), 0.5);
});

test("edge width grows with |w| from 0.75 to 6, and is 1.5 when every weight is 0", () => {
  assert.equal(edgeWidth(0, 2), 0.75);
  assert.equal(edgeWidth(2, 2), 6);
  assert.equal(edgeWidth(-1, 2), 3.375);
  assert.equal(edgeWidth(5, 0), 1.5);
});

test("many layers in a narrow drawing: the neurons shrink to the columns' distance", () => {
  // 10 columns over 430 - 140 = 290 px: 32.2 px apart, so the radius is 0.3 x 32.2 = 9.67, not 28.
  const geometry = layout([2, 4, 4, 4, 4, 4, 4, 4, 4, 1], 430, 600);
  near(geometry.radius, (0.3 * 290) / 9);
  const columns = xs(geometry).map((row) => row[0]);
  for (let l = 1; l < columns.length; l += 1) assert.ok(columns[l] - columns[l - 1] > 2 * geometry.radius);
});
