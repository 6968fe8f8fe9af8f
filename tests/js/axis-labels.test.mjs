// Large tick labels keep their mantissa: the text has it ("1.5 × 10³²"), and the chart's left
// margin is wide enough to draw all of it (it used to be a fixed 46 px that cut "1.5" off).
import { test } from "node:test";
import assert from "node:assert/strict";
import { labelRoom } from "../../static/js/lib/axis-labels.js";
import { formatNumber } from "../../static/js/lib/format.js";

// A stand-in for canvas measureText: 6 px a character, as 11 px text roughly draws.
const measure = (text) => 6 * [...text].length;

test("large costs and gradients are labelled with mantissa and power", () => {
  assert.equal(formatNumber(1.5e32, 3), "1.5 × 10³²");
  assert.equal(formatNumber(2e32, 3), "2 × 10³²");
  assert.equal(formatNumber(-1.5e32, 2), "−1.5 × 10³²");
  assert.equal(formatNumber(7.5e-7, 2), "7.5 × 10⁻⁷");
});

test("the margin fits the widest label with room for the tick", () => {
  const labels = [0, 5e31, 1e32, 1.5e32, 2e32].map((v) => formatNumber(v, 3));
  const room = labelRoom(labels, measure);
  assert.equal(room, 6 * "1.5 × 10³²".length + 8);
  // Right-aligned at the margin less the gap, the widest label starts inside the canvas.
  for (const text of labels) assert.ok(room - 8 - measure(text) >= 0, text);
  assert.ok(room > 46);
});

test("short labels keep the usual margin; fractions of a pixel round up", () => {
  assert.equal(labelRoom(["0", "0.25", "0.5"], measure), 46);
  assert.equal(labelRoom([], measure), 46);
  assert.equal(labelRoom(["ab"], () => 50.2, 10, 0), 51);
  assert.equal(labelRoom(["ab"], () => 30, 10, 4), 34);
});
