// Train/Pause as one server-sent-event stream: the server trains in chunks, and each frame it sends
// lands in the store as state.frame (plus the loss curve, the evaluation and the pictures), at most
// once per animation frame. Views draw state.frame when it is set; see drawn-values.js.
import { decodeFrame } from "../api/live-stream.js";
import { framePictures, gridRequest } from "../state/picture-actions.js";
import { plural } from "../lib/format.js";

/** Frames the server aims for: above the 30 the page must reach, so a slow chunk still leaves 30. */
const STREAM_FPS = 60;
export const FRAME_MEASURE = "backprop-lab:frame";
const MEASURES_KEPT = 600;
const FULL_SPEED_BACKLOG = 2;

/** `refused(error)`: a promise that settles once a refused stream's error is shown beside its control,
 * and rejects if it has none (the status line then says it); `started()`: the first frame arrived. */
export function createLiveTraining(store, api, {
  say, tracked, adopt, capped, diverged = () => {}, refused = (error) => Promise.reject(error), started = () => {},
}) {
  let stream = null;
  let generation = 0;
  // Frames not drawn yet, one drawn per screen refresh: at full speed the newest two; in slow motion
  // every one, so that each step is seen even when two arrive within one refresh.
  let queued = [];
  let points = [];
  let scheduled = false;
  let lastOptions = null;
  let measured = 0;

  function query(options) {
    const { network, exampleIndex, limits, speed } = store.get();
    const grid = gridRequest(network, limits, { live: true });
    return {
      learning_rate: options.learning_rate, batch_size: options.batch_size, example: exampleIndex,
      // Slow motion: the server sends one step per frame at this pace, so every step is drawn.
      ...(speed === null ? { fps: STREAM_FPS } : { steps_per_second: speed }),
      ...(options.steps ? { steps: options.steps } : {}),
      // float32: what the page draws (colours, widths, a neuron's few digits) is exact enough in it,
      // and the exact float64 values come back with the pass fetched on pause. A third of JSON's
      // bytes and no number formatting: 0.5 of a digit-net frame's 2.4 ms on the server.
      encoding: "f32",
      ...(grid ? { grid: grid.resolution, hidden: grid.hidden } : {}),
    };
  }

  // Every frame's costs go on the loss curve, up to the frame drawn.
  function draw(token) {
    scheduled = false;
    if (token !== generation || !queued.length) return;
    // The page's own work per frame (decoding and every view's render), for tests and benchmarks;
    // the newest MEASURES_KEPT are kept.
    if (++measured % MEASURES_KEPT === 0) performance.clearMeasures(FRAME_MEASURE);
    performance.mark("frame-start");
    const { network, history, live } = store.get();
    // Only the frame that is drawn gets decoded; every frame's costs still reach the loss curve.
    const frame = { ...decodeFrame(queued.shift()), networkId: network.id };
    const due = points.filter((p) => p.step <= frame.step);
    points = points.filter((p) => p.step > frame.step);
    const { batch, evals } = withPoints(history, due);
    const now = performance.now();
    const first = live.first ?? now;
    const startStep = live.startStep ?? frame.step;
    store.set({
      frame,
      history: { batch, evals },
      live: {
        ...live, frames: live.frames + 1, received: stream.received, first, last: now, startStep,
        // Steps the learner saw go by per second; the first frame has only its chunk's own rate.
        stepsPerSecond: now > first ? ((frame.step - startStep) * 1000) / (now - first) : frame.steps_per_second,
      },
      ...framePictures(network, frame),
    });
    performance.measure(FRAME_MEASURE, "frame-start");
    if (queued.length && !scheduled) {
      scheduled = true;
      requestAnimationFrame(() => draw(token));
    }
  }

  function withPoints(history, due) {
    return {
      batch: capped(history.batch.concat(due.filter((p) => p.batch !== null).map((p) => ({ step: p.step, cost: p.batch })))),
      evals: capped(history.evals.concat(due.filter((p) => p.cost !== null)
        .map((p) => ({ step: p.step, cost: p.cost, ...(p.test != null ? { test: p.test } : {}) })))),
    };
  }

  function onFrame(token, data) {
    if (token !== generation) return;
    stream.received += 1;
    if (stream.received === 1) started();
    if (stream.pausing) {
      stream.firstFrame();
      return;
    }
    const { speed } = store.get();
    // At full speed the newest frames are drawn, one per screen refresh; two are kept, so that two
    // frames arriving within one refresh (the server's chunks come unevenly on a busy machine) are
    // both drawn, the second a refresh later, while a page slower than the stream still skips.
    queued = speed === null ? queued.concat([data]).slice(-FULL_SPEED_BACKLOG) : queued.concat([data]);
    // A page that draws slower than the pace skips frames rather than fall ever further behind.
    if (speed !== null && queued.length > Math.max(4, speed / 4)) queued.shift();
    // The data set's costs go on the curve from the frames that scored it (at most 4 a second).
    const scored = data.scored_step === undefined || data.scored_step === data.step;
    points.push({ step: data.step, batch: data.batch_cost, cost: scored ? data.cost : null, test: scored ? data.test_cost : null });
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(() => draw(token));
    }
  }

  /** `keep`: the steps the server saved whose frames were not drawn yet still go on the curve. */
  function close(keep = false) {
    generation += 1;
    if (stream) {
      stream.connection.close();
      stream.firstFrame();
    }
    stream = null;
    if (keep && points.length) store.set({ history: withPoints(store.get().history, points) });
    queued = [];
    points = [];
  }

  /**
   * The saved network after the stream: exact values replace the frame's. POST .../train/stop
   * waits for a chunk that is running and keeps any later one from starting (the server may learn
   * of the closed stream only after it began another), so its answer is where training paused.
   */
  async function settle(networkId) {
    const network = await api.stopTraining(networkId);
    const current = store.get().network;
    if (!current || current.id !== networkId || store.get().training) return;
    await adopt(network);
    // The chunk that was running when the stream closed belongs on the curve too.
    const { history } = store.get();
    const last = history.evals.at(-1);
    const evals = network.cost !== null && (!last || last.step < network.step)
      ? capped(history.evals.concat([{ step: network.step, cost: network.cost }])) : history.evals;
    store.set({ frame: null, history: { ...history, evals } });
  }

  function stopped(networkId, message) {
    close(true);
    store.set({ training: false });
    if (message) say(message, "error");
    return tracked(settle(networkId));
  }

  // Whatever else ends training (Reset, a new network, an error elsewhere) closes the stream.
  store.subscribe((state) => {
    if (!state.training && stream && !stream.pausing) close();
  });

  return {
    /** `options.steps`: train exactly that many steps, then stop ("Train N steps"). */
    start(options) {
      const { network, training } = store.get();
      if (training || !network) return;
      close();
      // Train N remembers where it started and must end, for the message and for a restart.
      const from = options.from ?? network.step;
      lastOptions = options.steps ? { ...options, from, until: options.until ?? from + options.steps } : options;
      const token = generation;
      const id = network.id;
      store.set({ training: true, live: { frames: 0, received: 0, first: null, last: null, startStep: null, stepsPerSecond: null } });
      const { until } = lastOptions;
      say(null);
      const ended = (handler) => (value) => {
        if (token !== generation) return;
        if (stream.pausing) stream.firstFrame();
        else handler(value);
      };
      let firstFrame;
      const arrived = new Promise((resolve) => { firstFrame = resolve; });
      stream = {
        received: 0, pausing: false, firstFrame, arrived,
        connection: api.trainStream(id, query(options), {
          frame: (data) => onFrame(token, data),
          diverged: ended((d) => diverged(id, d)),
          end: ended((end) => {
            if (end.reason === "gone") {
              close();
              store.set({ training: false });
              say("This network was deleted on the server while it trained.", "error");
              return;
            }
            if (end.reason === "stopped") say("Training was paused from elsewhere: another tab or window paused or started training this network.");
            else if (end.reason === "steps" && until !== undefined) say(`Trained ${plural(until - from, "step")}: from step ${from} to step ${end.step}.`);
            else if (end.reason !== "diverged") say(`The live stream ended after ${plural(end.frames, "frame")} (${end.reason} limit); press Train to go on.`);
            stopped(id, null).catch((error) => say(error.message, "error"));
          }),
          error: ended((error) => {
            refused(error).catch(() => say(error.message, "error"));
            stopped(id, null).catch(() => {});
          }),
          closed: ended(() => stopped(id, "The server closed the live training stream.").catch(() => {})),
        }),
      };
    },

    /**
     * Closes the stream; the page then shows the step and cost the server paused at. A stream that
     * has sent nothing yet is closed after its first frame: until then the server may not have
     * begun its run, and a stop sent earlier would not stop it.
     */
    async pause() {
      const { network } = store.get();
      const current = stream;
      if (!current || !network) {
        store.set({ training: false });
        return;
      }
      current.pausing = true;
      store.set({ training: false });
      if (!current.received) await current.arrived;
      if (stream === current) close(true);
      await settle(network.id);
    },

    /**
     * A new stream with new options (another example, learning rate, batch size or speed). Train N
     * goes on with what is left of its N, counted from the step the server saved.
     */
    async restart(options = lastOptions) {
      const { network, training } = store.get();
      if (!training || !options || !network) return;
      const { from, until } = lastOptions || {};
      close(true);
      store.set({ training: false });
      if (until === undefined) {
        this.start(options);
        return;
      }
      try {
        const saved = await tracked(api.stopTraining(network.id));
        if (until > saved.step) this.start({ ...options, steps: until - saved.step, from, until });
        else await adopt(saved);
      } catch (error) {
        say(error.message, "error");
      }
    },
  };
}
