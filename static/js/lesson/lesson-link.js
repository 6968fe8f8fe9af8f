// A lesson in a link: `/?lesson=<base64url of JSON>` rebuilds a setup as a new network for whoever
// opens it. Pure functions (no DOM): the format, its checks, and what of the page can be hidden.
//
// The JSON, version 1 (docs/PAGE.md, "A lesson in a link"):
//   { "v": 1,
//     "network": { ...the body of POST /api/networks, whatever fields it has... },
//     "training": { "learning_rate": 3, "batch_size": 16, "speed": null },   (each optional)
//     "hide": ["walk", "batch-size", ...] }                                  (ids of HIDEABLE)
// The network part is never checked here beyond being an object: the server is the one judge of a
// network body, and its 422 reaches the learner in its own words.

export const LESSON_VERSION = 1;
export const LESSON_PARAM = "lesson";
export const EMBED_PARAM = "embed";

/**
 * What a lesson may hide: id (as the link writes it), label (as the teacher reads it), selector
 * (what the page hides), group. Panels are cards and the breakdown's sections (panel/sections.js);
 * controls are single knobs and buttons.
 */
export const HIDEABLE = [
  { id: "walk", label: "Guided walk", selector: "[data-part=walk]", group: "panels" },
  { id: "training", label: "Training card (all of it)", selector: "[data-part=controls]", group: "panels" },
  { id: "chart", label: "Loss curve", selector: "[data-part=chart]", group: "panels" },
  { id: "my-networks", label: "My networks", selector: "[data-part=my-networks]", group: "panels" },
  { id: "new-network", label: "New network", selector: "[data-part=new-network]", group: "panels" },
  { id: "files", label: "Save, open, share", selector: "[data-part=network-files]", group: "panels" },
  { id: "example", label: "Example", selector: "[data-part=example]", group: "panels" },
  { id: "pictures", label: "What it computes (pictures)", selector: "[data-part=pictures]", group: "panels" },
  { id: "digit", label: "Digit", selector: "[data-part=digit]", group: "panels" },
  { id: "draw", label: "Draw your own digit", selector: "[data-part=draw]", group: "panels" },
  { id: "chapter", label: "Chapter views (δ, backward pass, chain)", selector: "[data-part=chapter]", group: "panels" },
  { id: "legend", label: "Colour legend", selector: "[data-part=legend]", group: "panels" },
  { id: "top-gradients", label: "Largest gradients list", selector: "[data-part=top-gradients]", group: "panels" },
  { id: "breakdown", label: "The breakdown panel (all of it)", selector: "[data-part=breakdown]", group: "panels" },
  { id: "zero-flags", label: "Why is it zero?", selector: "[data-part=zero-flags]", group: "sections" },
  { id: "paths", label: "Sum over paths", selector: "[data-part=paths]", group: "sections" },
  { id: "cost-switch", label: "Cost choice", selector: "[data-part=cost-switch]", group: "sections" },
  { id: "batch-compare", label: "One example vs a mini-batch", selector: "[data-part=batch-compare]", group: "sections" },
  { id: "update-preview", label: "Update preview", selector: "[data-part=update-preview]", group: "sections" },
  { id: "hand-edit", label: "Edit by hand", selector: "[data-part=hand-edit]", group: "sections" },
  { id: "neuron", label: "Neuron view", selector: "[data-part=neuron]", group: "sections" },
  { id: "neuron-image", label: "Neuron as pictures", selector: "[data-part=neuron-image]", group: "sections" },
  { id: "step", label: "Step button", selector: "[data-part=controls] [data-role=step]", group: "controls" },
  { id: "train", label: "Train button", selector: "[data-part=controls] [data-role=train]", group: "controls" },
  { id: "reset", label: "Reset buttons", selector: "[data-role=reset], [data-role=divergence-reset]", group: "controls" },
  { id: "learning-rate", label: "Learning rate", selector: ".knobs label:has([data-role=learning-rate])", group: "controls" },
  { id: "batch-size", label: "Batch size", selector: ".knobs label:has([data-role=batch-size])", group: "controls" },
  { id: "regularization", label: "Regularisation", selector: "[data-part=regularization]", group: "controls" },
  { id: "speed", label: "Speed", selector: ".pace label:has([data-role=speed])", group: "controls" },
  { id: "train-n", label: "Train N steps", selector: ".pace .train-n", group: "controls" },
  { id: "example-nav", label: "Prev / Next / Random", selector: "[data-part=example] .example-head .buttons", group: "controls" },
  { id: "scale", label: "Linear / log colour scale", selector: "[data-part=legend] .scale-switch", group: "controls" },
  { id: "presenter-toggle", label: "Presenter mode button", selector: "[data-role=presenter-toggle]", group: "controls" },
];

const HIDEABLE_IDS = new Set(HIDEABLE.map((h) => h.id));
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The lesson as base64url text (UTF-8 JSON, no padding). */
export function encodeLesson(lesson) {
  const bytes = new TextEncoder().encode(JSON.stringify(lesson));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const fail = (error) => ({ error });

/**
 * The lesson a link's text holds, or {error} saying in plain words what is wrong with it. Checks the
 * format, the version, the training settings against `limits` (GET /api/limits) and the hide list;
 * ids this page does not know are left out and listed in `unknown` (a newer page may hide more).
 */
export function decodeLesson(text, limits = null) {
  const most = limits ? limits.max_lesson_chars : Infinity;
  if (typeof text !== "string" || text === "") return fail("the link has an empty lesson.");
  if (text.length > most) return fail(`its lesson is ${text.length} characters long; at most ${most} are read.`);
  if (!BASE64URL.test(text) || text.length % 4 === 1) {
    return fail("its lesson is not the text a lesson link carries (it may be cut short or changed): copy the whole link again.");
  }
  let lesson;
  try {
    const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    lesson = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return fail("its lesson cannot be read (it may be cut short or changed): copy the whole link again.");
  }
  if (!lesson || typeof lesson !== "object" || Array.isArray(lesson)) return fail("its lesson is not a set of settings.");
  if (lesson.v !== LESSON_VERSION) {
    return fail(Number.isInteger(lesson.v) && lesson.v > LESSON_VERSION
      ? `it was made by a newer Backprop Lab (lesson format ${lesson.v}; this one reads ${LESSON_VERSION}).`
      : `its lesson has no known format version (v should be ${LESSON_VERSION}).`);
  }
  const { network, training = {}, hide = [] } = lesson;
  if (!network || typeof network !== "object" || Array.isArray(network)) return fail("its lesson has no network to build.");
  if (!training || typeof training !== "object" || Array.isArray(training)) return fail("its training settings are not a set of settings.");
  const problem = trainingProblem(training, limits);
  if (problem) return fail(problem);
  if (!Array.isArray(hide) || hide.some((id) => typeof id !== "string")) return fail("its list of hidden parts is not a list of names.");
  const known = [...new Set(hide.filter((id) => HIDEABLE_IDS.has(id)))];
  const unknown = [...new Set(hide.filter((id) => !HIDEABLE_IDS.has(id)))];
  return { lesson: { v: LESSON_VERSION, network, training: pickTraining(training), hide: known }, unknown };
}

function pickTraining(training) {
  const out = {};
  for (const key of ["learning_rate", "batch_size", "speed"]) if (key in training) out[key] = training[key];
  return out;
}

/** What is wrong with a lesson's training settings, in the controls' words, or "" if nothing. */
export function trainingProblem(training, limits = null) {
  const { learning_rate: rate, batch_size: size, speed } = training;
  const low = limits ? limits.min_learning_rate : Number.MIN_VALUE;
  const high = limits ? limits.max_learning_rate : Infinity;
  if (rate !== undefined && !(typeof rate === "number" && Number.isFinite(rate) && rate >= low && rate <= high)) {
    return `its learning rate ${JSON.stringify(rate)} is not a number from ${low} to ${high}.`;
  }
  const most = limits ? limits.max_batch_size : Infinity;
  if (size !== undefined && !(Number.isInteger(size) && size >= 1 && size <= most)) {
    return `its batch size ${JSON.stringify(size)} is not a whole number from 1 to ${most}.`;
  }
  const slow = limits ? limits.min_steps_per_second : Number.MIN_VALUE;
  const fast = limits ? limits.max_steps_per_second : Infinity;
  if (speed !== undefined && speed !== null && !(typeof speed === "number" && Number.isFinite(speed) && speed >= slow && speed <= fast)) {
    return `its speed ${JSON.stringify(speed)} is not null (full speed) or ${slow} to ${fast} steps a second.`;
  }
  return "";
}

/**
 * The body of POST /api/networks that rebuilds `network`: each field the create schema lists
 * (`fields`, from GET /openapi.json) that the network carries. Fields added to the schema later
 * travel without this code naming them.
 */
export function networkBody(network, fields) {
  const body = {};
  for (const name of fields) if (network[name] !== undefined) body[name] = network[name];
  return body;
}

/** The names of POST /api/networks's body fields, from the OpenAPI schema. */
export function createFields(schema) {
  const operation = schema?.paths?.["/api/networks"]?.post;
  const ref = operation?.requestBody?.content?.["application/json"]?.schema?.$ref;
  const name = typeof ref === "string" ? ref.split("/").at(-1) : null;
  const properties = name ? schema.components?.schemas?.[name]?.properties : null;
  if (!properties) throw new Error("the server's schema does not say which fields make a network");
  return Object.keys(properties);
}

/** The lesson for the page's state: its network's setup, training knobs and the parts to hide. */
export function lessonOf(state, fields, hide = []) {
  const order = HIDEABLE.map((h) => h.id);
  return {
    v: LESSON_VERSION,
    network: networkBody(state.network, fields),
    training: { learning_rate: state.learningRate, batch_size: state.batchSize, speed: state.speed ?? null },
    hide: order.filter((id) => hide.includes(id)),
  };
}

/** The page's address with the lesson (and nothing else of the current address but its path). */
export function lessonUrl(href, lesson, { embed = false } = {}) {
  const url = new URL("/", href);
  url.searchParams.set(LESSON_PARAM, encodeLesson(lesson));
  if (embed) url.searchParams.set(EMBED_PARAM, "1");
  return url.href;
}

/** The lesson text of an address's query, or null when it has none. */
export function lessonText(search) {
  return new URLSearchParams(search).get(LESSON_PARAM);
}

/** Whether the page should look embedded: inside a frame, or asked to by ?embed=1. */
export function isEmbedded(search, framed) {
  const value = new URLSearchParams(search).get(EMBED_PARAM);
  if (value !== null) return !["0", "false", "no", "off"].includes(value.toLowerCase());
  return Boolean(framed);
}

/** A short stable name for a lesson's text (FNV-1a, 32 bits): the key its network is kept under. */
export function lessonKey(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `backprop-lab:lesson:${hash.toString(16).padStart(8, "0")}:${text.length}`;
}
