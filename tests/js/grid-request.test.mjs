// The /grid request a network's pictures ask for: 40 x 40 points over a 2-input plane (120 along a
// 1-input line), coarser for live frames, and hidden-neuron heatmaps only while
// points x (outputs + hidden neurons) stays under the value budget (100,000; live 20,000; never
// more than the server's max_grid_values).
import { test } from "node:test";
import assert from "node:assert/strict";
import { framePictures, gridRequest } from "../../static/js/state/picture-actions.js";

const net = (layers, dataset = "spiral") => ({ id: "n1", layers, dataset });

test("a 2-input network asks for 40 x 40 with heatmaps when they fit", () => {
  // 1,600 points x (1 output + 16 hidden) = 27,200 values.
  assert.deepEqual(gridRequest(net([2, 8, 8, 1]), null), { resolution: 40, hidden: true });
});

test("a live frame asks for 24 x 24 under its smaller budget", () => {
  // 576 x 17 = 9,792 <= 20,000.
  assert.deepEqual(gridRequest(net([2, 8, 8, 1]), null, { live: true }), { resolution: 24, hidden: true });
  // 576 x (1 + 40) = 23,616 > 20,000, while 1,600 x 41 = 65,600 still fits a paused picture.
  assert.deepEqual(gridRequest(net([2, 40, 1]), null, { live: true }), { resolution: 24, hidden: false });
  assert.deepEqual(gridRequest(net([2, 40, 1]), null), { resolution: 40, hidden: true });
});

test("a wide network shows its boundary without heatmaps", () => {
  // 1,600 x (1 + 64) = 104,000 > 100,000, even when the server would allow a million.
  assert.deepEqual(gridRequest(net([2, 64, 1]), { max_grid_values: 1_000_000 }), { resolution: 40, hidden: false });
  // 1,600 x (2 + 60) = 99,200 fits.
  assert.deepEqual(gridRequest(net([2, 30, 30, 2]), null), { resolution: 40, hidden: true });
});

test("the server's max_grid_values caps the budget, inclusively", () => {
  assert.deepEqual(gridRequest(net([2, 8, 8, 1]), { max_grid_values: 27_200 }), { resolution: 40, hidden: true });
  assert.deepEqual(gridRequest(net([2, 8, 8, 1]), { max_grid_values: 27_199 }), { resolution: 40, hidden: false });
});

test("a 1-input network asks for a curve of 120 points (60 live), never heatmaps", () => {
  assert.deepEqual(gridRequest(net([1, 16, 1], "sine"), null), { resolution: 120, hidden: false });
  assert.deepEqual(gridRequest(net([1, 16, 1], "sine"), null, { live: true }), { resolution: 60, hidden: false });
});

test("no picture for more than two inputs or without a data set", () => {
  assert.equal(gridRequest(net([3, 4, 1]), null), null);
  assert.equal(gridRequest(net([64, 16, 10], "digits"), null), null);
  assert.equal(gridRequest(net([2, 4, 1], null), null), null);
});

const FRAME = {
  step: 12, scored_step: 12, dataset: "xor", task: "classification", size: 4, cost: 0.2, accuracy: 0.75,
  test_size: 0, test_cost: null, test_accuracy: null, weights: [1, 2], grad_w: [3, 4],
};

test("a frame's pictures: its evaluation fields stamped with network, step and the step they were scored at", () => {
  assert.deepEqual(framePictures({ id: "n1" }, FRAME), {
    evaluation: {
      dataset: "xor", task: "classification", size: 4, cost: 0.2, accuracy: 0.75,
      test_size: 0, test_cost: null, test_accuracy: null, networkId: "n1", step: 12, scoredStep: 12,
    },
  });
  // A frame between two that scored the data set carries the last scores, and says of which step.
  const between = framePictures({ id: "n1" }, { ...FRAME, step: 15 });
  assert.equal(between.evaluation.step, 15);
  assert.equal(between.evaluation.scoredStep, 12);
});

test("a frame with a grid also brings a live picture", () => {
  const grid = { resolution: 24, outputs: "AAAA" };
  const { picture } = framePictures({ id: "n1" }, { ...FRAME, grid });
  assert.deepEqual(picture, { resolution: 24, outputs: "AAAA", networkId: "n1", step: 12, live: true });
});
