// The data controls and input features on the page: which controls a data set gets, the create
// body they make, the layer-0 size they imply, and which fetched rows belong to which network.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FEATURES, dataChoices, isGenerated, takesFeatures } from "../../static/js/controls/data-options.js";
import { dataOptionsOf, dataQuery, rowsFit } from "../../static/js/state/data-rows.js";
import { featureLabel, featureValues, labelSize } from "../../static/js/drawing/input-labels.js";

const circle = { name: "circle", inputs: 2, outputs: 1, size: 200, test_size: 0 };
const sine = { name: "sine", inputs: 1, outputs: 1, size: 100, test_size: 0 };
const digits = { name: "digits", inputs: 64, outputs: 10, size: 1437, test_size: 360, image_side: 8 };
const upload2d = { name: "u_abc", inputs: 2, outputs: 1, size: 30, test_size: 0, uploaded: true, label: "mine" };
const plain = { noise: 0, testRatio: 0, dataSeed: "", features: ["x1", "x2"] };

test("the features are the playground's seven, in layer 0's order, each with its written form", () => {
  assert.deepEqual(FEATURES, ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin x1", "sin x2"]);
  assert.deepEqual(FEATURES.map(featureLabel), ["x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"]);
  assert.equal(featureLabel("unknown"), "unknown");
  assert.equal(featureValues(["x1^2", "sin x2"], [0.25, -0.5], 4), "x₁² = 0.25, sin x₂ = −0.5");
});

test("noise, split and seed are for generated sets; features for 2-D sets that are not images", () => {
  assert.deepEqual([circle, sine, digits, upload2d].map(isGenerated), [true, true, false, false]);
  assert.deepEqual([circle, sine, digits, upload2d].map(takesFeatures), [true, false, false, true]);
  assert.equal(isGenerated(undefined), false);
  assert.equal(takesFeatures(undefined), false);
});

test("the defaults send nothing, so a network is made exactly as before", () => {
  assert.deepEqual(dataChoices(circle, plain), { body: {}, inputs: 2 });
  assert.deepEqual(dataChoices(sine, plain), { body: {}, inputs: 1 });
  assert.deepEqual(dataChoices(digits, { ...plain, noise: 0.2, testRatio: 0.3, dataSeed: "4" }), { body: {}, inputs: 64 });
});

test("a choice away from its default is sent, and layer 0 is the number of features", () => {
  const chosen = dataChoices(circle, { noise: 0.1, testRatio: 0.5, dataSeed: " 12 ", features: ["x2^2", "x1^2"] });
  assert.deepEqual(chosen, { body: { noise: 0.1, test_ratio: 0.5, data_seed: 12, features: ["x1^2", "x2^2"] }, inputs: 2 });
  assert.deepEqual(dataChoices(circle, { ...plain, features: FEATURES }).inputs, 7);
  assert.deepEqual(dataChoices(circle, { ...plain, features: [] }), { body: { features: [] }, inputs: 0 });
  // An upload takes features but not the generated sets' options.
  assert.deepEqual(dataChoices(upload2d, { noise: 0.1, testRatio: 0, dataSeed: "3", features: ["x1x2"] }),
    { body: { features: ["x1x2"] }, inputs: 1 });
});

test("a network's rows are asked for with its options, and only its own rows are drawn for it", () => {
  const net = { dataset: "circle", noise: 0.1, test_ratio: 0, data_seed: 7 };
  assert.equal(dataQuery(net), "?noise=0.1&data_seed=7");
  assert.equal(dataQuery({ dataset: "circle" }), "");
  assert.deepEqual(dataOptionsOf({}), { noise: 0, test_ratio: 0, data_seed: null });
  const rows = { name: "circle", noise: 0.1, test_ratio: 0, data_seed: 7, x: [], y: [] };
  assert.equal(rowsFit(rows, net), true);
  assert.equal(rowsFit({ ...rows, data_seed: 8 }, net), false);
  assert.equal(rowsFit({ ...rows, noise: 0 }, net), false);
  assert.equal(rowsFit(rows, { ...net, dataset: "xor" }), false);
  // An upload's answer has no options: it fits a network that has none either.
  assert.equal(rowsFit({ name: "u_abc", x: [], y: [] }, { dataset: "u_abc" }), true);
  assert.equal(rowsFit(null, net), false);
});

test("labels stay readable and never taller than a neuron's row", () => {
  assert.equal(labelSize(28), 13);
  assert.equal(labelSize(3), 9);
  assert.equal(labelSize(12), 12 * 0.9);
});

test("a network with features is pictured over the x₁-x₂ plane, however many features it has", async () => {
  const { gridRequest } = await import("../../static/js/state/picture-actions.js");
  const { planeInputs } = await import("../../static/js/state/data-rows.js");
  const featured = { dataset: "circle", layers: [5, 4, 1], features: ["x1", "x2", "x1^2", "x2^2", "x1x2"] };
  assert.equal(planeInputs(featured), 2);
  assert.equal(planeInputs({ dataset: "sine", layers: [1, 3, 1], features: null }), 1);
  assert.deepEqual(gridRequest(featured, null), { resolution: 40, hidden: true });
  assert.equal(gridRequest({ ...featured, features: null }, null), null); // 5 plain inputs: no picture
});
