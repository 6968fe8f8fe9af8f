// The learner's list of networks: read from storage whatever is there, the old single id joining
// it; a new id is added at the end, never replacing one; names are trimmed and bounded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_NAME, forgotten, parseList, remembered, renamed } from "../../static/js/state/my-networks.js";

test("the stored list is read, bad and repeated entries left out", () => {
  const text = JSON.stringify([{ id: "aaa", name: "mine" }, { id: "aaa" }, { id: 5 }, null, { id: "b b" }, { id: "ccc" }]);
  assert.deepEqual(parseList(text), [{ id: "aaa", name: "mine" }, { id: "ccc", name: "" }]);
  assert.deepEqual(parseList("{broken"), []);
  assert.deepEqual(parseList(null), []);
});

test("the id kept before lists existed joins the list once", () => {
  assert.deepEqual(parseList(null, "old"), [{ id: "old", name: "" }]);
  assert.deepEqual(parseList(JSON.stringify([{ id: "old", name: "x" }]), "old"), [{ id: "old", name: "x" }]);
});

test("a new network joins at the end; one already listed keeps its place and name", () => {
  const list = [{ id: "a", name: "first" }];
  const more = remembered(list, "b");
  assert.deepEqual(more, [{ id: "a", name: "first" }, { id: "b", name: "" }]);
  assert.equal(remembered(more, "a"), more);
});

test("rename trims and bounds the name; forget takes only that one off", () => {
  const list = [{ id: "a", name: "" }, { id: "b", name: "" }];
  assert.equal(renamed(list, "a", "  my xor  ")[0].name, "my xor");
  assert.equal(renamed(list, "a", "x".repeat(200))[0].name.length, MAX_NAME);
  assert.deepEqual(renamed(list, "a", "n")[1], { id: "b", name: "" });
  assert.deepEqual(forgotten(list, "a"), [{ id: "b", name: "" }]);
});
