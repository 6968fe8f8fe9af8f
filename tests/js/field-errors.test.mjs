// Errors beside their control: which control a refusal belongs to, the page's own checks in the
// server's words, and a place's messages kept until its action next succeeds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "../../static/js/api/api.js";
import { createStore } from "../../static/js/state/store.js";
import { fieldKey, knobProblem, layerSizesProblem, placed, withoutPlace } from "../../static/js/state/field-errors.js";

const LIMITS = { min_learning_rate: 1e-9, max_learning_rate: 100, max_batch_size: 2048, max_stream_steps: 1e8 };

test("a 422 goes beside the control its field names; others to the status line", () => {
  assert.equal(fieldKey("network", new ApiError(422, "layer 1 has 300 neurons", "layers")), "network:layers");
  assert.equal(fieldKey("network", new ApiError(422, "layer 1 has 0 neurons", "layers.1")), "network:layers");
  assert.equal(fieldKey("network", new ApiError(422, "seed -1 ...", "seed")), "network:seed");
  // About no one field of the form: the form's own message.
  assert.equal(fieldKey("network", new ApiError(422, "the data set needs targets in [0, 1]", null)), "network");
  assert.equal(fieldKey("training", new ApiError(422, "learning rate 500 ...", "learning_rate")), "training:learning_rate");
  assert.equal(fieldKey("training", new ApiError(422, "steps 0 ...", "steps")), "training:train_steps");
  assert.equal(fieldKey("training", new ApiError(422, "work limit", null)), null);
  assert.equal(fieldKey("network", new ApiError(404, "no network", null)), null);
  assert.equal(fieldKey("network", new ApiError(429, "full", null)), null);
  assert.equal(fieldKey("network", new Error("a bug")), null);
});

test("a place's messages go, the others stay, and nothing changes without any", () => {
  const errors = { "network:layers": "a", network: "b", "training:batch_size": "c", networked: "d" };
  assert.deepEqual(withoutPlace(errors, "network"), { "training:batch_size": "c", networked: "d" });
  const none = { "training:batch_size": "c" };
  assert.equal(withoutPlace(none, "network"), none);
});

test("a refusal is placed and replaces the place's older messages; a success clears them", async () => {
  const store = createStore({ fieldErrors: { "network:seed": "old", "training:learning_rate": "keep" } });
  let answer = () => { throw new ApiError(422, "layer 1 has 300 neurons; at most 256", "layers"); };
  const create = placed(store, "network", async () => answer());
  assert.equal(await create(), undefined);
  assert.deepEqual(store.get().fieldErrors, { "training:learning_rate": "keep", "network:layers": "layer 1 has 300 neurons; at most 256" });
  answer = () => "created";
  assert.equal(await create(), "created");
  assert.deepEqual(store.get().fieldErrors, { "training:learning_rate": "keep" });
  // What has no control is thrown on, for the status line.
  answer = () => { throw new ApiError(429, "the server is full", null); };
  await assert.rejects(create(), /server is full/);
  assert.deepEqual(store.get().fieldErrors, { "training:learning_rate": "keep" });
});

test("layer sizes: a 0 is at least 1, counted from layer 0, the inputs; the bounds are the server's", () => {
  assert.deepEqual(layerSizesProblem("2-0-1"), { sizes: null, problem: "layer 1 has 0 neurons; at least 1 (a whole number)" });
  assert.deepEqual(layerSizesProblem("0-3-1").problem, "layer 0 has 0 neurons; at least 1 (a whole number)");
  assert.equal(layerSizesProblem("2-3-0").problem, "layer 2 has 0 neurons; at least 1 (a whole number)");
  assert.match(layerSizesProblem("2-3.5-1").problem, /^layer 1 has 3.5 neurons; a layer has a whole number of neurons/);
  assert.match(layerSizesProblem("2-a-1").problem, /^Layer 1 is "a"/);
  assert.match(layerSizesProblem("2").problem, /at least 2 layer sizes/);
  assert.match(layerSizesProblem("").problem, /got 0 sizes/);
  assert.deepEqual(layerSizesProblem("2-300-1"), { sizes: [2, 300, 1], problem: "" });
  assert.deepEqual(layerSizesProblem(" 2, 3 x 1 "), { sizes: [2, 3, 1], problem: "" });
});

test("training knobs in the server's words, within the limits and the data set", () => {
  assert.equal(knobProblem("learning_rate", 500, { limits: LIMITS }), "learning rate 500 is more than the most allowed, 100");
  assert.equal(knobProblem("learning_rate", 0, { limits: LIMITS }), "learning rate 0 is less than the least allowed, 1e-9");
  assert.equal(knobProblem("learning_rate", 0.5, { limits: LIMITS }), "");
  assert.equal(knobProblem("learning_rate", null, { limits: LIMITS }), "learning rate must be a number");
  assert.equal(knobProblem("batch_size", 0, { limits: LIMITS }), "batch size 0 is less than the least allowed, 1");
  assert.equal(knobProblem("batch_size", 2.5, { limits: LIMITS }), "batch size must be a whole number; got 2.5");
  assert.equal(knobProblem("batch_size", 300, { limits: LIMITS, datasetSize: 200 }),
    "batch size 300 is more than the most allowed, 200 (the data set's size)");
  assert.equal(knobProblem("batch_size", 200, { limits: LIMITS, datasetSize: 200 }), "");
  assert.equal(knobProblem("train_steps", 0, { limits: LIMITS }), "steps 0 is less than the least allowed, 1");
});
