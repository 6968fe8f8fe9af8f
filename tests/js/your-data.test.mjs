// "Your data": points clicked onto the plane [-1, 1]^2 (x1 right, x2 up) become the CSV an upload
// sends; an uploaded set joins the page's list of data sets; the request body of a draft.
import { test } from "node:test";
import assert from "node:assert/strict";
import { classCounts, clickedClass, pointsAdvice, pointsCsv, toPixel, toPlane } from "../../static/js/controls/plane-points.js";
import { datasetLabel, knowDataset, uploadActions, uploadBody, withDataset } from "../../static/js/state/upload-actions.js";
import { createStore } from "../../static/js/state/store.js";

test("a pixel maps to the plane with x2 growing upwards, corners to the corners", () => {
  assert.deepEqual(toPlane(0, 0, 200, 200), { x1: -1, x2: 1 });
  assert.deepEqual(toPlane(200, 200, 200, 200), { x1: 1, x2: -1 });
  assert.deepEqual(toPlane(100, 100, 200, 200), { x1: 0, x2: 0 });
  assert.deepEqual(toPlane(150, 50, 200, 200), { x1: 0.5, x2: 0.5 });
  // Three decimals, and never outside the plane.
  assert.deepEqual(toPlane(33, 250, 240, 240), { x1: -0.725, x2: -1 });
});

test("toPixel inverts toPlane", () => {
  for (const [px, py] of [[10, 20], [123, 7], [239, 239]]) {
    const { x1, x2 } = toPlane(px, py, 240, 240);
    const back = toPixel(x1, x2, 240, 240);
    assert.ok(Math.abs(back.px - px) < 0.2 && Math.abs(back.py - py) < 0.2, `${px},${py} came back as ${back.px},${back.py}`);
  }
});

test("Shift adds the other class", () => {
  assert.equal(clickedClass(0, false), 0);
  assert.equal(clickedClass(0, true), 1);
  assert.equal(clickedClass(1, true), 0);
});

test("points become a CSV with a header, targets last, and advice until both classes are there", () => {
  const points = [{ x1: 0.5, x2: -0.25, label: 1 }, { x1: -1, x2: 0, label: 0 }];
  assert.equal(pointsCsv(points), "x1,x2,label\n0.5,-0.25,1\n-1,0,0\n");
  assert.deepEqual(classCounts(points), [1, 1]);
  assert.equal(pointsAdvice(points), "");
  assert.match(pointsAdvice([points[0]]), /class 0/);
  assert.match(pointsAdvice([points[1]]), /class 1/);
  assert.match(pointsAdvice([]), /Click/);
});

test("a draft's body, and an upload replacing its older entry in the list", () => {
  assert.deepEqual(uploadBody({ label: "  ", csv: "1,0\n", targets: 1, testFraction: 0.2 }),
    { name: "my data", csv: "1,0\n", targets: 1, test_fraction: 0.2 });
  const list = withDataset([{ name: "xor" }, { name: "data-a", size: 1 }], { name: "data-a", size: 2 });
  assert.deepEqual(list, [{ name: "xor" }, { name: "data-a", size: 2 }]);
  assert.equal(datasetLabel({ name: "data-a", uploaded: true, label: "moons" }), "your data “moons”");
  assert.equal(datasetLabel({ name: "xor" }), "xor");
});

function fakeApi(answers) {
  const calls = [];
  const call = (name) => async (...args) => {
    calls.push([name, ...args]);
    const answer = answers[name];
    if (answer instanceof Error) throw answer;
    return typeof answer === "function" ? answer(...args) : answer;
  };
  return { calls, previewDataset: call("previewDataset"), uploadDataset: call("uploadDataset"), dataset: call("dataset") };
}

const plain = { tracked: (p) => p, say: () => {} };

test("only the newest draft's preview is kept", async () => {
  const store = createStore({ datasets: [], yourData: null });
  let release;
  const slow = new Promise((resolve) => { release = resolve; });
  const api = fakeApi({ previewDataset: (body) => (body.csv === "old\n" ? slow : { task: "regression", csv: body.csv }) });
  const actions = uploadActions({ store, api, ...plain });
  const first = actions.previewData({ label: "a", csv: "old\n", targets: 1, testFraction: 0 });
  await actions.previewData({ label: "a", csv: "new\n", targets: 1, testFraction: 0 });
  release({ task: "classification", csv: "old\n" });
  await first;
  assert.equal(store.get().yourData.preview.csv, "new\n");
  await actions.previewData({ label: "a", csv: "   ", targets: 1, testFraction: 0 });
  assert.equal(store.get().yourData, null);
});

test("an upload joins the data sets; a refusal is shown and nothing joins", async () => {
  const store = createStore({ datasets: [{ name: "xor" }], yourData: null });
  const info = { name: "data-x", uploaded: true, label: "mine", inputs: 2, outputs: 1, size: 3 };
  const refusal = Object.assign(new Error("line 2, column x1: 'a' is not a number"), { status: 422 });
  const said = [];
  let api = fakeApi({ uploadDataset: info });
  assert.deepEqual(await uploadActions({ store, api, ...plain }).uploadData({ csv: "1,2,0\n" }), info);
  assert.deepEqual(store.get().datasets.map((d) => d.name), ["xor", "data-x"]);
  api = fakeApi({ uploadDataset: refusal });
  const actions = uploadActions({ store, api, tracked: (p) => p, say: (text, kind) => said.push([text, kind]) });
  assert.equal(await actions.uploadData({ csv: "1,2,0\na,2,1\n" }), null);
  assert.equal(store.get().yourData.error, refusal.message);
  assert.deepEqual(said, [[refusal.message, "error"]]);
  assert.equal(store.get().datasets.length, 2);
});

test("a network on an unknown upload fetches its description once; a built-in one fetches nothing", async () => {
  const rows = { name: "data-y", uploaded: true, label: "y", inputs: 1, outputs: 1, size: 2, x: [[1], [2]], y: [[0], [1]] };
  const api = fakeApi({ dataset: rows });
  const store = createStore({ datasets: [{ name: "xor" }], dataRows: null });
  await knowDataset(store, api, { dataset: "xor" });
  await knowDataset(store, api, { dataset: "data-y" });
  await knowDataset(store, api, { dataset: "data-y" });
  assert.deepEqual(api.calls, [["dataset", "data-y"]]);
  const known = store.get().datasets.find((d) => d.name === "data-y");
  assert.equal(known.size, 2);
  assert.ok(!("x" in known), "the list holds descriptions, not rows");
  assert.equal(store.get().dataRows, rows);
});
