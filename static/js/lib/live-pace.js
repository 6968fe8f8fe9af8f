// Readouts, tables and the loss curve need not change 60 times a second: while training streams at
// full speed they redraw at most READOUT_FPS times a second, and always at once otherwise (slow
// motion, where each step is to be seen; a pause; the frame training stops at). The drawing and
// the pictures are not paced: they redraw on every frame drawn.

export const READOUT_FPS = 10;

/** True while the page draws full-speed stream frames: the states a paced view may skip. */
export function pacedState(state) {
  return Boolean(state.training && state.frame) && state.speed === null;
}

/**
 * `draw(state)` at most `perSecond` times a second while `pacedState(state)`, else at once. A state
 * skipped is not lost: the newest one is drawn when its turn comes (`later`), so the view never stays
 * behind the page for longer than 1/perSecond. `now`, `later` and `cancel` are the clock and timer.
 */
export function createPace(draw, {
  perSecond = READOUT_FPS,
  now = () => performance.now(),
  later = (callback, ms) => setTimeout(callback, ms),
  cancel = (timer) => clearTimeout(timer),
} = {}) {
  const interval = 1000 / perSecond;
  let last = -Infinity;
  let timer = null;
  let pending = null;

  function run(state) {
    last = now();
    pending = null;
    draw(state);
  }

  return {
    render(state) {
      if (!pacedState(state)) {
        if (timer !== null) cancel(timer);
        timer = null;
        run(state);
        return;
      }
      pending = state;
      if (timer !== null) return;
      const wait = interval - (now() - last);
      if (wait <= 0) run(state);
      else timer = later(() => {
        timer = null;
        run(pending);
      }, wait);
    },
  };
}
