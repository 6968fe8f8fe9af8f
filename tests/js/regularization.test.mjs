// Regularisation in the page: the rate a learner types is judged as the server judges it
// (app/schemas/networks.py, the same words), and the walk has its extra step only with a penalty.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isRegularized, rateProblem } from "../../static/js/lib/regularization.js";
import { WALK_STEPS, walkSteps } from "../../static/js/chapter/walk-steps.js";

const limits = { max_regularization_rate: 10 };

test("a rate in [0, max] is taken; others are refused in the server's words", () => {
  for (const ok of ["0", "0.01", " 3 ", "10", "1e-3"]) assert.equal(rateProblem(ok, limits), "", ok);
  assert.equal(rateProblem("-0.1", limits), "regularization rate -0.1 is less than the least allowed, 0");
  assert.equal(rateProblem("12", limits), "regularization rate 12 is more than the most allowed, 10");
  assert.equal(rateProblem("abc", limits), "regularization rate must be a number");
  assert.match(rateProblem("  ", limits), /Type a regularization rate/);
  // The server's limit, when GET /api/limits gives another one.
  assert.equal(rateProblem("12", { max_regularization_rate: 20 }), "");
});

test("only l1 and l2 count as regularised", () => {
  assert.equal(isRegularized({ regularization: "l1" }), true);
  assert.equal(isRegularized({ regularization: "l2" }), true);
  assert.equal(isRegularized({ regularization: "none" }), false);
  assert.equal(isRegularized({}), false);
  assert.equal(isRegularized(null), false);
});

test("the walk's regularisation step is last, and only there with a penalty", () => {
  const plain = walkSteps({ regularization: "none" });
  const l2 = walkSteps({ regularization: "l2" });
  assert.equal(l2.length, plain.length + 1);
  assert.equal(l2.at(-1).key, "regularization");
  assert.ok(!plain.some((s) => s.key === "regularization"));
  // Without the step the list is a prefix of the full one: a step's index means the same in both.
  assert.deepEqual(plain, WALK_STEPS.slice(0, plain.length));
  assert.deepEqual(walkSteps(null), plain);
});
