// Counts in the page's sentences: "1 path", "2 paths", never "1 neuron(s)" or "1 examples".
import { test } from "node:test";
import assert from "node:assert/strict";
import { plural } from "../../static/js/lib/format.js";

test("one takes the singular, every other count the plural", () => {
  assert.equal(plural(1, "path"), "1 path");
  assert.equal(plural(2, "path"), "2 paths");
  assert.equal(plural(0, "example"), "0 examples");
  assert.equal(plural(-1, "step"), "-1 steps");
});

test("an irregular plural is given, and large counts are grouped", () => {
  assert.equal(plural(1, "matrix", "matrices"), "1 matrix");
  assert.equal(plural(3, "matrix", "matrices"), "3 matrices");
  assert.equal(plural(12000, "step"), "12,000 steps");
});
