// The drawing pad's actions: a drawn digit as the current example, leaving it for the data set's
// rows, and "Learn from this one". Composed into createActions (state/actions.js).
import { drawnExample, learningRateOf } from "../state/state.js";
import { formatNumber } from "../lib/format.js";

/** The one-hot target of `label` over `outputs` output neurons. */
export const oneHot = (label, outputs) => Array.from({ length: outputs }, (_, d) => (d === label ? 1 : 0));

export function drawActions({ store, api, tracked, guarded, adopt, refreshPass, live, say }) {
  // Every stroke and every label makes a new drawing: answers fetched for an older one are dropped.
  let drawings = 0;

  async function pauseTraining() {
    if (!store.get().training) return;
    // A live frame's numbers are a data-set row's: a drawing cannot be current while they stream.
    await live.pause();
    say("Training paused: your drawing is the current example now.");
  }

  return {
    /** The drawing's inputs `x` (as the pad computed them) and its true digit, as the current example. */
    useDrawing: guarded(async (x, label) => {
      await pauseTraining();
      const { network } = store.get();
      if (!network) return;
      drawings += 1;
      store.set({ drawn: { networkId: network.id, x, y: oneHot(label, network.layers.at(-1)), label, id: drawings } });
      await refreshPass();
    }),

    /** Back to the data set's rows (the pad was cleared). */
    leaveDrawing: guarded(async () => {
      if (!store.get().drawn) return;
      store.set({ drawn: null });
      await refreshPass();
    }),

    /**
     * Before live training: its frames carry a row's numbers, so the drawing stops being the
     * current example (the pad keeps it, to bring back). Returns what to tell the learner, or null.
     */
    leaveDrawingToTrain() {
      if (!drawnExample(store.get())) return null;
      store.set({ drawn: null });
      refreshPass().catch((error) => say(error.message, "error"));
      return "Live training shows a data-set example's numbers; your drawing stays on the pad (Use my drawing brings it back).";
    },

    /** One SGD step on the drawing with the training controls' learning rate, saved to the network. */
    learnFromDrawing: guarded(async () => {
      await pauseTraining();
      const state = store.get();
      const drawn = drawnExample(state);
      if (!drawn) return;
      const learningRate = learningRateOf(state);
      if (learningRate === null) {
        say("Type a learning rate the server accepts in the Training card first.", "error");
        return;
      }
      const result = await tracked(api.learn(state.network.id, { x: drawn.x, y: drawn.y, learning_rate: learningRate }));
      store.set({
        learned: {
          networkId: result.network.id, version: result.version, drawnId: drawn.id, label: drawn.label,
          learningRate, costBefore: result.cost_before, costAfter: result.cost_after,
          outputBefore: result.output_before, outputAfter: result.output_after,
        },
      });
      await adopt(result.network, { keepHistory: true });
      say(`One step at η = ${learningRate} on your ${drawn.label}: its cost C₀ went from ${
        formatNumber(result.cost_before, 4)} to ${formatNumber(result.cost_after, 4)}.`);
    }),
  };
}
