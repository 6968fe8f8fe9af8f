// The page's softmax logic: which cost fits which output, the Jacobian's entries against a central
// difference of softmax itself, and the sum over the outputs the breakdown shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { costFits, costMisfit, jacobianEntry, outputTerms, slopeAt } from "../../static/js/lib/softmax.js";
import { judgedLoss } from "../../static/js/state/state.js";

const softmax = (z) => {
  const e = z.map(Math.exp);
  const total = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / total);
};

test("each cost fits only the output it is defined for", () => {
  assert.equal(costFits("mse", "softmax"), true);
  assert.equal(costFits("mse", "sigmoid"), true);
  assert.equal(costFits("cross_entropy", "sigmoid"), true);
  assert.equal(costFits("cross_entropy", "softmax"), false);
  assert.equal(costFits("categorical_cross_entropy", "softmax"), true);
  for (const output of ["sigmoid", "tanh", "relu", "linear"]) assert.equal(costFits("categorical_cross_entropy", output), false);
  assert.match(costMisfit("categorical_cross_entropy", "sigmoid"), /softmax output/);
  assert.match(costMisfit("cross_entropy", "softmax"), /sigmoid output/);
  assert.equal(costMisfit("mse", "softmax"), "");
});

test("the cost switch falls back to the network's cost when the chosen one does not fit", () => {
  const network = { output_activation: "softmax", loss: "categorical_cross_entropy" };
  assert.equal(judgedLoss({ costView: "mse", network }), "mse");
  assert.equal(judgedLoss({ costView: "cross_entropy", network }), "categorical_cross_entropy");
  assert.equal(judgedLoss({ costView: null, network }), "categorical_cross_entropy");
  const sigmoid = { output_activation: "sigmoid", loss: "mse" };
  assert.equal(judgedLoss({ costView: "categorical_cross_entropy", network: sigmoid }), "mse");
  assert.equal(judgedLoss({ costView: "cross_entropy", network: sigmoid }), "cross_entropy");
});

test("Jacobian entries match a central difference of softmax", () => {
  const z = [0.3, -1.2, 2.0, 0.7];
  const a = softmax(z);
  const h = 1e-6;
  for (let j = 0; j < z.length; j += 1) {
    const up = softmax(z.map((v, m) => (m === j ? v + h : v)));
    const down = softmax(z.map((v, m) => (m === j ? v - h : v)));
    for (let i = 0; i < z.length; i += 1) {
      const numerical = (up[i] - down[i]) / (2 * h);
      assert.ok(Math.abs(jacobianEntry(a, i, j) - numerical) < 1e-8, `da_${i}/dz_${j}`);
    }
  }
});

test("the terms over the outputs add up to a - y for categorical cross-entropy", () => {
  const a = softmax([1.5, -0.5, 0.25]);
  const y = [0, 0, 1];
  const error = a.map((v, i) => (y[i] === 0 ? 0 : -y[i] / v));
  for (let j = 0; j < 3; j += 1) {
    const terms = outputTerms(a, error, j);
    assert.equal(terms.length, 3);
    const sum = terms.reduce((s, t) => s + t, 0);
    assert.ok(Math.abs(sum - (a[j] - y[j])) < 1e-15, `delta_${j} = ${sum}`);
    assert.ok(terms.every((t, i) => y[i] !== 0 || t === 0), "outputs with y = 0 add nothing");
  }
  assert.deepEqual(outputTerms(a, [null, 0, 1], 0).map((t) => t === null), [true, false, false]);
});

test("slopeAt reads a hidden slope and gives null for a Jacobian layer", () => {
  const pass = { slope: [[0.25, 0.1], null] };
  assert.equal(slopeAt(pass, 1, 1), 0.1);
  assert.equal(slopeAt(pass, 2, 0), null);
});
