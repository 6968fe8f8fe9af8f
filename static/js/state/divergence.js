// A refused training step, as the page keeps it: what the server said, and the way out it offers.
import { drawnValues } from "../drawing/drawn-values.js";

/** The notice for a /train answer's or a stream's `diverged` on network `networkId`. */
export function divergenceNotice(diverged, networkId) {
  const { step, kept_step: keptStep, smaller_learning_rate: smallerLearningRate, message } = diverged;
  return { networkId, step, keptStep, smallerLearningRate, message };
}

/** The server's message as the status line's sentence (it starts in lower case, mid-sentence). */
export function divergenceSentence(diverged) {
  const text = diverged.message.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The notice while the network on show is still where the refused step left it: Reset, another
 * network or a step that was kept moves the step on, and the notice goes with it.
 */
export function currentDivergence(state) {
  const { divergence, network } = state;
  if (!divergence || !network || divergence.networkId !== network.id) return null;
  return drawnValues(state).step === divergence.keptStep ? divergence : null;
}

/** A refused step: the server's message in the status line, the notice in the Training card. */
export function reportDivergence(store, say, networkId, diverged) {
  store.set({ divergence: divergenceNotice(diverged, networkId) });
  say(divergenceSentence(diverged), "error");
}

/** The notice's way on: the learning rate it suggests, through the controls' own setter. */
export function divergenceActions({ store }, setLearningRate) {
  return {
    useSmallerLearningRate: () => {
      const notice = currentDivergence(store.get());
      return notice ? setLearningRate(notice.smallerLearningRate) : undefined;
    },
  };
}
