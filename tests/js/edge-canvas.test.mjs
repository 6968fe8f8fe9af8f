// The pixels of one edge on the big network's canvas (drawing/edge-canvas.js): found once per
// layout and kept, so a live frame only writes colours. Each line must run unbroken from one end to
// the other, one pixel per step along its longer axis.
import { test } from "node:test";
import assert from "node:assert/strict";
import { linePixels } from "../../static/js/drawing/edge-canvas.js";

const WIDTH = 200;
const at = (index) => [index % WIDTH, Math.floor(index / WIDTH)];

function pixelsOf(x0, y0, x1, y1) {
  const segments = new Float32Array([x0, y0, x1, y1]);
  const out = new Int32Array(WIDTH + 200);
  const end = linePixels(segments, 0, WIDTH, out, 0);
  return Array.from(out.subarray(0, end), at);
}

test("a line covers both ends and every pixel between, one per step", () => {
  for (const [x0, y0, x1, y1] of [[0, 0, 150, 40], [10.3, 90.7, 180.2, 3.1], [50, 0, 52, 120], [120, 60, 20, 60], [5, 5, 5, 5]]) {
    const pixels = pixelsOf(x0, y0, x1, y1);
    assert.deepEqual(pixels[0], [Math.floor(x0 + 0.5), Math.floor(y0 + 0.5)]);
    const [lx, ly] = pixels.at(-1);
    assert.ok(Math.abs(lx - x1) <= 1 && Math.abs(ly - y1) <= 1, `${[lx, ly]} is not the end ${[x1, y1]}`);
    const steps = Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))) || 1;
    assert.equal(pixels.length, steps + 1);
    // Unbroken: each pixel touches the one before (8-connected).
    for (let n = 1; n < pixels.length; n += 1) {
      assert.ok(Math.abs(pixels[n][0] - pixels[n - 1][0]) <= 1 && Math.abs(pixels[n][1] - pixels[n - 1][1]) <= 1);
    }
  }
});

test("pixels are written after those already in the buffer", () => {
  const segments = new Float32Array([0, 0, 10, 0, 0, 5, 0, 15]);
  const out = new Int32Array(40);
  const middle = linePixels(segments, 0, WIDTH, out, 0);
  const end = linePixels(segments, 1, WIDTH, out, middle);
  assert.equal(middle, 11);
  assert.equal(end, 22);
  assert.deepEqual(Array.from(out.subarray(middle, end), at).map(([x]) => x), new Array(11).fill(0));
  assert.deepEqual(Array.from(out.subarray(middle, end), at).map(([, y]) => y), [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
});
