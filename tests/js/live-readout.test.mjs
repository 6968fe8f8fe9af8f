import test from "node:test";
import assert from "node:assert/strict";
import { BUSY_FPS, framesPerSecond, liveFigures } from "../../static/js/live/live-readout.js";

const run = (frames, seconds, stepsPerSecond = 1200) => ({ frames, received: frames, first: 1000, last: 1000 + seconds * 1000, stepsPerSecond });

test("frames a second count the intervals between the first and the last frame", () => {
  assert.equal(framesPerSecond(run(31, 1)), 30);
  assert.equal(framesPerSecond(run(1, 1)), null);
});

test("a full-speed stream starved below 20 frames a second says the server is busy", () => {
  assert.equal(liveFigures(run(37, 3), true, null), "the server is busy: 12.0 frames/s · 1,200 steps/s");
  assert.equal(liveFigures(run(91, 3), true, null), "30.0 frames/s · 1,200 steps/s");
  assert.ok(12 < BUSY_FPS);
});

test("not before three seconds, not in slow motion, and not once paused", () => {
  assert.equal(liveFigures(run(13, 1), true, null), "12.0 frames/s · 1,200 steps/s");
  assert.equal(liveFigures(run(7, 6, 1), true, 1), "1.0 frames/s · 1 steps/s");
  assert.equal(liveFigures(run(37, 3), false, null), "last run: 12.0 frames/s · 1,200 steps/s");
});
