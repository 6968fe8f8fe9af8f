// The drawing's zoom on a small screen: the steps of the − and + buttons, and a pinch's zoom.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_ZOOM, MIN_ZOOM, pinchedZoom, steppedZoom } from "../../static/js/drawing/drawing-zoom.js";

test("+ and − walk through 1, 1.5, 2, 3, 4 and stop at the ends", () => {
  assert.equal(steppedZoom(1, 1), 1.5);
  assert.equal(steppedZoom(1.5, 1), 2);
  assert.equal(steppedZoom(3, 1), 4);
  assert.equal(steppedZoom(4, 1), MAX_ZOOM);
  assert.equal(steppedZoom(2, -1), 1.5);
  assert.equal(steppedZoom(1, -1), MIN_ZOOM);
  // From a pinched zoom between steps, to the next step each way.
  assert.equal(steppedZoom(2.4, 1), 3);
  assert.equal(steppedZoom(2.4, -1), 2);
});

test("a pinch scales the zoom it started from by how far the fingers moved apart", () => {
  assert.equal(pinchedZoom(1, 100, 250), 2.5);
  assert.equal(pinchedZoom(2, 200, 100), 1);
  assert.equal(pinchedZoom(1, 100, 50), MIN_ZOOM);
  assert.equal(pinchedZoom(3, 100, 1000), MAX_ZOOM);
  // Fingers on the same spot say nothing about a scale: the zoom stays.
  assert.equal(pinchedZoom(1.5, 0, 120), 1.5);
});
