// Paced views: at full speed at most READOUT_FPS draws a second, the newest state always drawn in
// the end; slow motion, a pause and the frame before the first are drawn at once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPace, pacedState, READOUT_FPS } from "../../static/js/lib/live-pace.js";

/** A clock and timers the test moves by hand. */
function fakeTime() {
  let t = 0;
  let timers = [];
  let made = 0;
  return {
    now: () => t,
    later: (callback, ms) => {
      made += 1;
      timers.push({ id: made, at: t + ms, callback });
      return made;
    },
    cancel: (id) => { timers = timers.filter((timer) => timer.id !== id); },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        const due = timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        t = due.at;
        due.callback();
      }
      t = end;
    },
    pending: () => timers.length,
  };
}

const live = (step) => ({ training: true, speed: null, frame: { step } });

test("only full-speed frames are paced", () => {
  assert.equal(pacedState(live(1)), true);
  assert.equal(pacedState({ training: true, speed: 5, frame: { step: 1 } }), false);
  assert.equal(pacedState({ training: true, speed: 60, frame: { step: 1 } }), false);
  assert.equal(pacedState({ training: false, speed: null, frame: { step: 1 } }), false);
  assert.equal(pacedState({ training: true, speed: null, frame: null }), false);
});

test("60 frames a second draw at most READOUT_FPS times, and the last frame is drawn", () => {
  const time = fakeTime();
  const drawn = [];
  const pace = createPace((state) => drawn.push([time.now(), state.frame.step]), time);
  for (let step = 1; step <= 60; step += 1) {
    pace.render(live(step));
    time.advance(1000 / 60);
  }
  time.advance(1000);
  assert.ok(drawn.length <= READOUT_FPS + 1, `${drawn.length} draws`);
  assert.ok(drawn.length >= READOUT_FPS - 1, `${drawn.length} draws`);
  assert.equal(drawn[0][1], 1);
  assert.equal(drawn.at(-1)[1], 60);
  const gaps = drawn.slice(1).map(([at], i) => at - drawn[i][0]);
  for (const gap of gaps) assert.ok(gap >= 1000 / READOUT_FPS - 1e-9, `gap ${gap}`);
  // Each draw shows the newest state it had: steps only go up.
  const steps = drawn.map(([, step]) => step);
  assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
  assert.equal(time.pending(), 0);
});

test("a state skipped is drawn within one interval even if no other frame comes", () => {
  const time = fakeTime();
  const drawn = [];
  const pace = createPace((state) => drawn.push(state.frame.step), time);
  pace.render(live(1));
  time.advance(10);
  pace.render(live(2));
  assert.deepEqual(drawn, [1]);
  time.advance(1000 / READOUT_FPS);
  assert.deepEqual(drawn, [1, 2]);
});

test("pausing draws at once and drops the pending paced draw", () => {
  const time = fakeTime();
  const drawn = [];
  const pace = createPace((state) => drawn.push(state.training ? state.frame.step : "paused"), time);
  pace.render(live(1));
  pace.render(live(2));
  pace.render({ training: false, speed: null, frame: null });
  assert.deepEqual(drawn, [1, "paused"]);
  time.advance(1000);
  assert.deepEqual(drawn, [1, "paused"]);
});

test("slow motion draws every state at once", () => {
  const time = fakeTime();
  const drawn = [];
  const pace = createPace((state) => drawn.push(state.frame.step), time);
  for (let step = 1; step <= 5; step += 1) {
    pace.render({ training: true, speed: 20, frame: { step } });
    time.advance(5);
  }
  assert.deepEqual(drawn, [1, 2, 3, 4, 5]);
});
