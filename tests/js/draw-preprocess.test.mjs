// The drawing pad's preprocessing: MNIST's 20x20 fit, centre of mass and anti-aliasing, and the
// UCI optdigits 32x32 bitmap counted in 4x4 blocks.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  areaResample, centreOfMass, drawingInputs, inkBox, toMnist, toUciDigits,
} from "../../static/js/draw/preprocess.js";

/** A width x height bitmap with ink 1 where `inked(x, y)`. */
function bitmap(width, height, inked) {
  const ink = new Float64Array(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) ink[y * width + x] = inked(x, y) ? 1 : 0;
  return ink;
}

const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1;
// A ring (a drawn "0"), lopsided on purpose: thicker on its left.
const ring = (cx, cy, r) => (x, y) => {
  const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
  return d <= r && d >= r * (x < cx ? 0.55 : 0.8);
};
const sum = (values) => values.reduce((s, v) => s + v, 0);

/** Rows and columns of a side x side image that hold any ink. */
function extent(image, side) {
  const rows = new Set(), cols = new Set();
  image.forEach((v, i) => {
    if (v > 0) {
      rows.add(Math.floor(i / side));
      cols.add(i % side);
    }
  });
  return { rows: rows.size, cols: cols.size };
}

test("the ink's bounding box, and none on a blank page", () => {
  assert.deepEqual(inkBox(bitmap(10, 8, rect(2, 3, 5, 7)), 10, 8), { x0: 2, y0: 3, x1: 5, y1: 7 });
  assert.equal(inkBox(new Float64Array(80), 10, 8), null);
  // Faint ink counts only above the threshold.
  const faint = new Float64Array(80).fill(0.3);
  assert.equal(inkBox(faint, 10, 8, 0.5), null);
});

test("area averaging: each output pixel is the mean of the source area it covers", () => {
  // 4x4 -> 2x2: plain 2x2 block means.
  const src = [1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1];
  assert.deepEqual(Array.from(areaResample(src, 4, { x: 0, y: 0, width: 4, height: 4 }, 2, 2)), [0.5, 0, 1, 0.75]);
  // 3 pixels -> 2: the middle pixel is split half and half.
  const out = areaResample([0, 1, 0.5], 3, { x: 0, y: 0, width: 3, height: 1 }, 2, 1);
  assert.ok(Math.abs(out[0] - (0 + 0.5) / 1.5) < 1e-15 && Math.abs(out[1] - (0.5 + 0.5) / 1.5) < 1e-15);
  // Ink is conserved: the output's mean equals the source's over the box.
  const big = bitmap(37, 23, ring(18, 11, 10));
  const small = areaResample(big, 37, { x: 0, y: 0, width: 37, height: 23 }, 11, 7);
  assert.ok(Math.abs(sum(small) / 77 - sum(big) / (37 * 23)) < 1e-12);
});

test("an MNIST drawing: 784 values in [0, 1], the longer side 20 pixels, aspect kept, darkest 1", () => {
  // A 160 x 80 bar drawn off-centre on a 280 x 280 pad becomes 20 x 10.
  const x = toMnist(bitmap(280, 280, rect(20, 150, 180, 230)), 280, 280);
  assert.equal(x.length, 784);
  assert.ok(x.every((v) => v >= 0 && v <= 1));
  assert.equal(Math.max(...x), 1);
  assert.deepEqual(extent(x, 28), { rows: 10, cols: 20 });
});

test("an MNIST drawing is centred by its centre of mass, not its box", () => {
  const ink = bitmap(280, 280, ring(90, 200, 60));
  const x = toMnist(ink, 280, 280);
  const mass = centreOfMass(x, 28, 28);
  assert.ok(Math.abs(mass.x - 14) <= 0.5 && Math.abs(mass.y - 14) <= 0.5, JSON.stringify(mass));
  // The ring is heavier on its left, so its box is not centred: the mass moved it right.
  const cols = [...new Set(x.map((v, i) => (v > 0 ? i % 28 : null)).filter((c) => c !== null))];
  const boxMiddle = (Math.min(...cols) + Math.max(...cols) + 1) / 2;
  assert.ok(boxMiddle > 14.5, `box middle ${boxMiddle}`);
});

test("where and how big the digit was drawn does not matter", () => {
  const a = toMnist(bitmap(280, 280, ring(90, 90, 60)), 280, 280);
  const moved = toMnist(bitmap(280, 280, ring(190, 170, 60)), 280, 280);
  assert.deepEqual(moved, a);
  const doubled = toMnist(bitmap(560, 560, ring(180, 180, 120)), 560, 560);
  const worst = Math.max(...doubled.map((v, i) => Math.abs(v - a[i])));
  assert.ok(worst < 0.15, `scaling changed a pixel by ${worst}`);
});

test("a drawing already 20 pixels tall is taken pixel for pixel, then placed by its mass", () => {
  // An independent path: no resampling at all, only the shift that puts the mass at (14, 14).
  const w = 12, h = 20;
  const ink = bitmap(w, h, (x, y) => (x + 2 * y) % 5 === 0 || x === 0 || y === 0 || x === w - 1 || y === h - 1);
  const x = toMnist(ink, w, h);
  const mass = centreOfMass(ink, w, h);
  const left = Math.round(14 - mass.x), top = Math.round(14 - mass.y);
  for (let r = 0; r < 28; r += 1) {
    for (let c = 0; c < 28; c += 1) {
      const inside = r >= top && r < top + h && c >= left && c < left + w;
      assert.equal(x[r * 28 + c], inside ? ink[(r - top) * w + (c - left)] : 0, `pixel ${r},${c}`);
    }
  }
});

test("a lopsided drawing keeps all its ink on the field", () => {
  // A long thin line with a heavy blob at its right end: centring the mass would push the line off.
  const ink = bitmap(300, 100, (x, y) => (y >= 45 && y < 48) || (x >= 260 && y >= 20 && y < 80));
  const x = toMnist(ink, 300, 100);
  assert.equal(extent(x, 28).cols, 20);
  assert.ok(x.every((v) => v >= 0 && v <= 1));
});

test("a blank page has no input", () => {
  assert.equal(toMnist(new Float64Array(100), 10, 10), null);
  assert.equal(toUciDigits(new Float64Array(100), 10, 10), null);
  assert.equal(drawingInputs(new Float64Array(100), 10, 10, 28), null);
  assert.equal(drawingInputs(bitmap(10, 10, () => true), 10, 10, 5), null);
});

test("UCI digits: a drawing that fills a 32x32 bitmap is counted in 4x4 blocks, 0..16 over 16", () => {
  // Random binary ink with every border touched, so the box is the whole bitmap: no resampling.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const ink = bitmap(32, 32, (x, y) => x === 0 || y === 0 || x === 31 || y === 31 || random() < 0.4);
  const x = toUciDigits(ink, 32, 32);
  assert.equal(x.length, 64);
  for (let br = 0; br < 8; br += 1) {
    for (let bc = 0; bc < 8; bc += 1) {
      let count = 0;
      for (let r = 0; r < 4; r += 1) for (let c = 0; c < 4; c += 1) count += ink[(br * 4 + r) * 32 + bc * 4 + c];
      assert.equal(x[br * 8 + bc], count / 16, `block ${br},${bc}`);
    }
  }
});

test("UCI digits: a tall bar fills the height and is centred by its box, keeping its aspect", () => {
  // 40 x 280 on a 280 x 280 pad: 32 tall, round(40 * 32 / 280) = 5 wide, in columns 13..17.
  const x = toUciDigits(bitmap(280, 280, rect(10, 0, 50, 280)), 280, 280);
  assert.ok(x.every((v) => v * 16 === Math.round(v * 16) && v >= 0 && v <= 1));
  const byColumn = Array.from({ length: 8 }, (_, c) => sum(Array.from({ length: 8 }, (_, r) => x[r * 8 + c])));
  // Bitmap columns 13..17 are blocks 3 (13..15: 3 columns) and 4 (16..17: 2 columns).
  assert.deepEqual(byColumn, [0, 0, 0, 8 * 12 / 16, 8 * 8 / 16, 0, 0, 0]);
  // Ink below half coverage is not ink in a binary bitmap.
  const faint = toUciDigits(bitmap(280, 280, rect(10, 0, 50, 280)).map((v) => v * 0.4), 280, 280);
  assert.equal(faint, null);
});
