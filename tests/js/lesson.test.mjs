// A lesson in a link: the base64url JSON round trip (against Node's own base64url), what a broken
// or tampered link is told, the training settings' bounds, the hide list, and the generic network body.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  HIDEABLE, LESSON_VERSION, createFields, decodeLesson, encodeLesson, isEmbedded, lessonKey, lessonOf,
  lessonText, lessonUrl, networkBody, trainingProblem,
} from "../../static/js/lesson/lesson-link.js";
import { trainingPatch } from "../../static/js/lesson/lesson-actions.js";

const LIMITS = {
  max_lesson_chars: 8000, min_learning_rate: 1e-9, max_learning_rate: 100, max_batch_size: 2048,
  min_steps_per_second: 0.1, max_steps_per_second: 60,
};
const LESSON = {
  v: 1,
  network: { layers: [2, 4, 1], hidden_activation: "relu", output_activation: "sigmoid", loss: "cross_entropy",
    dataset: "gaussians", seed: 7, some_future_field: { noise: 0.25, names: ["é", "数"] } },
  training: { learning_rate: 0.5, batch_size: 8, speed: 5 },
  hide: ["walk", "batch-size"],
};
const text = (value) => Buffer.from(JSON.stringify(value), "utf-8").toString("base64url");

test("a lesson encodes as Node's base64url of its UTF-8 JSON and decodes to itself", () => {
  assert.equal(encodeLesson(LESSON), text(LESSON));
  assert.match(encodeLesson(LESSON), /^[A-Za-z0-9_-]+$/);
  const { lesson, unknown, error } = decodeLesson(encodeLesson(LESSON), LIMITS);
  assert.equal(error, undefined);
  assert.deepEqual(lesson, LESSON);
  assert.deepEqual(unknown, []);
  // Every length of padding that base64 drops comes back.
  for (const name of ["a", "ab", "abc", "abcd"]) {
    const value = { ...LESSON, network: { ...LESSON.network, name } };
    assert.deepEqual(decodeLesson(encodeLesson(value)).lesson.network, value.network);
  }
});

test("the link carries the lesson in ?lesson= on the page's root, and embed=1 only when asked", () => {
  const link = new URL(lessonUrl("http://h:8000/?share=x&present=1#y", LESSON));
  assert.equal(link.origin + link.pathname, "http://h:8000/");
  assert.deepEqual([...link.searchParams.keys()], ["lesson"]);
  assert.equal(link.hash, "");
  assert.deepEqual(decodeLesson(lessonText(link.search)).lesson, LESSON);
  assert.equal(new URL(lessonUrl("http://h/", LESSON, { embed: true })).searchParams.get("embed"), "1");
  assert.equal(lessonText("?share=abc"), null);
});

test("a broken or tampered link is told what is wrong, never thrown", () => {
  const good = encodeLesson(LESSON);
  const cases = [
    ["", /empty lesson/],
    [good.slice(0, -7), /cannot be read|not the text/],
    [good.slice(0, 4 * 10 + 1), /not the text a lesson link carries/],
    [good.replace(/.$/, "!"), /not the text a lesson link carries/],
    [`${good}%20`, /not the text/],
    [text([1, 2]), /not a set of settings/],
    [text("hello"), /not a set of settings/],
    [Buffer.from("{not json").toString("base64url"), /cannot be read/],
    [Buffer.from([0xff, 0xfe, 0x7b]).toString("base64url"), /cannot be read/],
    [text({ ...LESSON, v: 2 }), /newer Backprop Lab \(lesson format 2; this one reads 1\)/],
    [text({ ...LESSON, v: "1" }), /no known format version/],
    [text({ v: 1 }), /no network to build/],
    [text({ ...LESSON, network: [2, 1] }), /no network to build/],
    [text({ ...LESSON, training: 3 }), /training settings are not/],
    [text({ ...LESSON, hide: "walk" }), /hidden parts is not a list/],
    [text({ ...LESSON, hide: ["walk", 3] }), /hidden parts is not a list/],
    [text({ ...LESSON, training: { learning_rate: 500 } }), /learning rate 500 is not a number from 1e-9 to 100/],
    [text({ ...LESSON, training: { learning_rate: "3" } }), /learning rate "3"/],
    [text({ ...LESSON, training: { batch_size: 2.5 } }), /batch size 2.5 is not a whole number from 1 to 2048/],
    [text({ ...LESSON, training: { batch_size: 0 } }), /batch size 0/],
    [text({ ...LESSON, training: { speed: 0 } }), /speed 0 is not null \(full speed\) or 0.1 to 60/],
    [text({ ...LESSON, training: { speed: 61 } }), /speed 61/],
  ];
  for (const [input, expected] of cases) {
    const answer = decodeLesson(input, LIMITS);
    assert.equal(answer.lesson, undefined, input);
    assert.match(answer.error, expected, input);
  }
  const long = "A".repeat(8004);
  assert.match(decodeLesson(long, LIMITS).error, /8004 characters long; at most 8000/);
  assert.ok(decodeLesson(long).error.includes("cannot be read"), "without limits only the format is judged");
});

test("the training settings: each optional, null speed is full speed, bounds inclusive", () => {
  assert.equal(trainingProblem({}, LIMITS), "");
  assert.equal(trainingProblem({ learning_rate: 100, batch_size: 2048, speed: null }, LIMITS), "");
  assert.equal(trainingProblem({ learning_rate: 1e-9, batch_size: 1, speed: 0.1 }, LIMITS), "");
  assert.notEqual(trainingProblem({ learning_rate: -1 }), "");
  assert.notEqual(trainingProblem({ learning_rate: Number.NaN }), "");
  const { lesson } = decodeLesson(text({ v: 1, network: { layers: [1, 1] } }), LIMITS);
  assert.deepEqual(lesson, { v: 1, network: { layers: [1, 1] }, training: {}, hide: [] });
  assert.deepEqual(trainingPatch({ learning_rate: 0.5, batch_size: 8, speed: null }),
    { learningRate: 0.5, batchSize: 8, speed: null });
  assert.deepEqual(trainingPatch({}), {});
});

test("hidden ids this page does not know are set aside and named; duplicates count once", () => {
  const { lesson, unknown } = decodeLesson(text({ ...LESSON, hide: ["chart", "time-machine", "chart", "walk"] }), LIMITS);
  assert.deepEqual(lesson.hide, ["chart", "walk"]);
  assert.deepEqual(unknown, ["time-machine"]);
});

test("HIDEABLE: unique ids, a label, a selector and a known group each", () => {
  const ids = HIDEABLE.map((h) => h.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const h of HIDEABLE) {
    assert.ok(h.label && h.selector, h.id);
    assert.ok(["panels", "sections", "controls"].includes(h.group), h.id);
  }
});

// In the shape FastAPI writes: the request body is a $ref to the create model's schema.
const SCHEMA = {
  paths: { "/api/networks": { post: { requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/NetworkCreate" } } } } } } },
  components: { schemas: { NetworkCreate: { properties: { layers: {}, loss: {}, seed: {}, regularization: {} } } } },
};

test("the network body is the network's values of the create schema's fields, whatever they are", () => {
  assert.deepEqual(createFields(SCHEMA), ["layers", "loss", "seed", "regularization"]);
  assert.throws(() => createFields({ paths: {} }), /which fields make a network/);
  const network = { id: "abc", version: 9, step: 40, weights: [[[1]]], layers: [1, 1], loss: "mse", seed: 3, regularization: { l2: 0.01 } };
  assert.deepEqual(networkBody(network, createFields(SCHEMA)), { layers: [1, 1], loss: "mse", seed: 3, regularization: { l2: 0.01 } });
  // A field the network does not carry is left to the server's default.
  assert.deepEqual(networkBody({ layers: [1, 1] }, ["layers", "seed"]), { layers: [1, 1] });
});

test("lessonOf takes the state's network and knobs, and lists the hidden parts in HIDEABLE's order", () => {
  const state = { network: { id: "x", layers: [2, 1], seed: 4, step: 10 }, learningRate: 0.3, batchSize: 4, speed: null };
  const lesson = lessonOf(state, ["layers", "seed"], ["speed", "walk", "nonsense"]);
  assert.deepEqual(lesson, { v: LESSON_VERSION, network: { layers: [2, 1], seed: 4 },
    training: { learning_rate: 0.3, batch_size: 4, speed: null }, hide: ["walk", "speed"] });
});

test("embedded: in a frame, or ?embed=1; ?embed=0 says no even in a frame", () => {
  assert.equal(isEmbedded("", false), false);
  assert.equal(isEmbedded("", true), true);
  assert.equal(isEmbedded("?embed=1", false), true);
  assert.equal(isEmbedded("?embed=0", true), false);
  assert.equal(isEmbedded("?embed=off&lesson=x", true), false);
});

test("lessonKey: the same text the same key, another text another", () => {
  const a = encodeLesson(LESSON);
  const b = encodeLesson({ ...LESSON, hide: [] });
  assert.equal(lessonKey(a), lessonKey(a));
  assert.notEqual(lessonKey(a), lessonKey(b));
  assert.match(lessonKey(a), /^backprop-lab:lesson:[0-9a-f]{8}:\d+$/);
});
