// The loss curve's caption names the steps it spans, and agrees with the Step readout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lossCaption } from "../../static/js/controls/loss-caption.js";
import { currentDivergence, divergenceNotice, divergenceSentence } from "../../static/js/state/divergence.js";

test("no finite point asks for training", () => {
  assert.equal(lossCaption([], 0), "Train to draw the cost curve.");
  assert.equal(lossCaption([{ step: 3, cost: null }], 3), "Train to draw the cost curve.");
});

test("one point says its step and cost", () => {
  assert.equal(lossCaption([{ step: 40, cost: 0.25 }], 40), "Data set cost at step 40: 0.25. Train to draw the cost curve.");
});

test("from the first to the last finite point, ending at the step shown", () => {
  const evals = [{ step: 0, cost: 0.5 }, { step: 1, cost: 0.4 }, { step: 64, cost: 0.125 }];
  assert.equal(lossCaption(evals, 64), "Data set cost went from 0.5 at step 0 to 0.125 at step 64 (over 64 steps).");
  assert.equal(lossCaption(evals.slice(0, 2), 1), "Data set cost went from 0.5 at step 0 to 0.4 at step 1 (over 1 step).");
  // Step counts read like the step numbers beside them: no digit grouping.
  assert.equal(lossCaption([{ step: 0, cost: 0.5 }, { step: 4388, cost: 0.25 }], 4388),
    "Data set cost went from 0.5 at step 0 to 0.25 at step 4388 (over 4388 steps).");
});

test("a step beyond the last finite point is named, never left to disagree", () => {
  const evals = [{ step: 0, cost: 0.5 }, { step: 10, cost: 0.3 }, { step: 12, cost: null }];
  assert.equal(lossCaption(evals, 12),
    "Data set cost went from 0.5 at step 0 to 0.3 at step 10 (over 10 steps). The network is now at step 12.");
});

const DIVERGED = {
  step: 63, kept_step: 62, smaller_learning_rate: 10,
  message: "training diverged at step 63: after it ... stays at step 62, the last step kept. Try ...",
};

test("the status line has the server's message once, as a sentence", () => {
  const sentence = divergenceSentence(DIVERGED);
  assert.ok(sentence.startsWith("Training diverged at step 63: after it"));
  assert.equal(sentence.match(/diverged/g).length, 1);
});

test("the notice lasts while the network on show is at the kept step", () => {
  const network = { id: "n1", step: 62, layers: [1, 8, 1], weights: [], biases: [] };
  const state = { network, divergence: divergenceNotice(DIVERGED, "n1"), training: false, frame: null, pass: null };
  assert.deepEqual(currentDivergence(state), {
    networkId: "n1", step: 63, keptStep: 62, smallerLearningRate: 10, message: DIVERGED.message,
  });
  assert.equal(currentDivergence({ ...state, network: { ...network, step: 0 } }), null);
  assert.equal(currentDivergence({ ...state, network: { ...network, id: "n2" } }), null);
  assert.equal(currentDivergence({ ...state, divergence: null }), null);
});
