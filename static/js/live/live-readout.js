// How live training is going: frames drawn per second and steps trained per second, on the page
// and as hooks for the benchmark (document.body.dataset.frames: redraws driven by stream frames
// since Train was pressed; dataset.framesReceived: stream frames that arrived by the last redraw;
// dataset.training: "true" or "false").
import { createPace } from "../lib/live-pace.js";
import { setAttr, setText } from "../lib/quiet-writes.js";

export function framesPerSecond(live) {
  if (!live || live.frames < 2 || !(live.last > live.first)) return null;
  return ((live.frames - 1) * 1000) / (live.last - live.first);
}

/** Below this many frames a second at full speed, after BUSY_AFTER_MS, the server is said to be busy:
 * in a class the server shares its training time among every stream, and frames slow down for all. */
export const BUSY_FPS = 20;
const BUSY_AFTER_MS = 3000;

/** The readout's words: frames and steps a second, and whether the server is too busy for smooth frames. */
export function liveFigures(live, training, speed) {
  const fps = framesPerSecond(live);
  const figures = `${fps === null ? "—" : fps.toFixed(1)} frames/s · ${Math.round(live.stepsPerSecond ?? 0).toLocaleString("en")} steps/s`;
  if (!training) return `last run: ${figures}`;
  // Slow motion asks for few frames on purpose; only full speed can be starved.
  const busy = speed === null && fps !== null && fps < BUSY_FPS && live.last - live.first >= BUSY_AFTER_MS;
  return busy ? `the server is busy: ${figures}` : figures;
}

export function createLiveReadout(root) {
  const rate = root.querySelector("[data-role=live-rate]");

  // The words, at most READOUT_FPS times a second at full speed; the counters above on every frame.
  const words = createPace((state) => {
    const { live, training, speed } = state;
    const fps = framesPerSecond(live);
    setAttr(rate, "data-fps", fps === null ? "" : String(fps));
    if (!live.frames) {
      setText(rate, training ? "starting…" : "not training");
      return;
    }
    const text = liveFigures(live, training, speed);
    setText(rate, text);
    setAttr(rate, "data-busy", String(text.startsWith("the server is busy")));
  });

  function render(state) {
    const { live, training } = state;
    const { body } = document;
    setAttr(body, "data-frames", String(live.frames));
    // Frames the stream delivered (up to the last redraw): more than `frames` when they came faster
    // than the screen refreshes, since only the newest is drawn.
    setAttr(body, "data-frames-received", String(live.received));
    setAttr(body, "data-training", training ? "true" : "false");
    words.render(state);
  }

  return { render };
}
