// An image network's geometry: the input layer as a side x side image on the left (each input
// neuron at its pixel's centre), the other layers in columns to its right spaced as layout() spaces
// them, room for the output digits on the right, and the pixel under a point.
import { test } from "node:test";
import assert from "node:assert/strict";
import { OUTPUT_ROOM, imageLayout, imageSideOf, pixelAt } from "../../static/js/drawing/image-layout.js";
import { BOTTOM, TOP, layout } from "../../static/js/drawing/layout.js";

const near = (actual, expected) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

test("the image side comes from the data set, and only when the inputs are its pixels", () => {
  const datasets = [{ name: "mnist", image_side: 28 }, { name: "digits", image_side: 8 }, { name: "xor", image_side: null }];
  assert.equal(imageSideOf({ dataset: "mnist", layers: [784, 16, 10] }, datasets), 28);
  assert.equal(imageSideOf({ dataset: "digits", layers: [64, 10] }, datasets), 8);
  assert.equal(imageSideOf({ dataset: "xor", layers: [2, 3, 1] }, datasets), null);
  assert.equal(imageSideOf({ dataset: null, layers: [64, 10] }, datasets), null);
  assert.equal(imageSideOf({ dataset: "digits", layers: [63, 10] }, datasets), null);
  assert.equal(imageSideOf({ dataset: "mnist", layers: [784, 10] }, []), null);
  assert.equal(imageSideOf(null, datasets), null);
});

test("a 784-16-16-10 network in 600 x 520: a square image left, columns to its right", () => {
  const g = imageLayout([784, 16, 16, 10], 600, 520, 28);
  const usable = 520 - TOP - BOTTOM;
  // 36% of the width left after the margins, as the band is taller than that.
  near(g.image.size, 0.36 * (600 - 12 - OUTPUT_ROOM));
  near(g.image.pixel, g.image.size / 28);
  assert.equal(g.image.left, 12);
  near(g.image.top, TOP + (usable - g.image.size) / 2);
  const right = 12 + g.image.size;
  const span = 600 - OUTPUT_ROOM - right;
  g.columns.slice(1).forEach((x, i) => near(x, right + (span * (i + 1)) / 3));
  near(g.columns[0], 12 + g.image.size / 2);
  assert.equal(g.columns.at(-1), 600 - OUTPUT_ROOM);
  // Each input neuron sits at its pixel's centre, row by row.
  for (const k of [0, 27, 28, 405, 783]) {
    near(g.positions[0][k].x, 12 + ((k % 28) + 0.5) * g.image.pixel);
    near(g.positions[0][k].y, g.image.top + (Math.floor(k / 28) + 0.5) * g.image.pixel);
  }
  // The other layers are spaced as if the input were one neuron: by the tallest of them (16).
  const plain = layout([1, 16, 16, 10], 600, 520);
  assert.equal(g.radius, plain.radius);
  for (const l of [1, 2, 3]) assert.deepEqual(g.positions[l].map((p) => p.y), plain.positions[l].map((p) => p.y));
  // Nothing of the image reaches layer 1's neurons.
  assert.ok(right < g.columns[1] - g.radius);
});

test("a tall narrow drawing keeps the image inside the band and a wide one lets it fill the band", () => {
  const wide = imageLayout([64, 16, 10], 2000, 400, 8);
  near(wide.image.size, 400 - TOP - BOTTOM);
  near(wide.image.top, TOP);
  const narrow = imageLayout([64, 16, 10], 300, 900, 8);
  assert.ok(narrow.image.size < 900 - TOP - BOTTOM);
  assert.ok(narrow.image.top > TOP);
  // Never smaller than one screen pixel per image pixel.
  assert.equal(imageLayout([784, 10], 50, 50, 28).image.size, 28);
});

test("the pixel under a point, and -1 off the image", () => {
  const image = { left: 10, top: 20, size: 56, pixel: 2, side: 28 };
  assert.equal(pixelAt(image, 10, 20), 0);
  assert.equal(pixelAt(image, 11.99, 21.99), 0);
  assert.equal(pixelAt(image, 12, 20), 1);
  assert.equal(pixelAt(image, 10 + 2 * 13 + 1, 20 + 2 * 14 + 1), 14 * 28 + 13);
  assert.equal(pixelAt(image, 65.99, 75.99), 783);
  assert.equal(pixelAt(image, 66, 30), -1);
  assert.equal(pixelAt(image, 9.99, 30), -1);
  assert.equal(pixelAt(image, 30, 76), -1);
  assert.equal(pixelAt(null, 30, 30), -1);
});
