// Errors beside the control that caused them. A refusal of an action that belongs to a form (the
// New network form, the training knobs) lands in state.fieldErrors under "place:control", shown
// beside that control until the same action next succeeds; what no control caused (a network
// gone, a busy server) stays in the status line. The page's own checks of obvious mistakes speak
// the server's words, so a message reads the same whoever found it.
import { ApiError } from "../api/api.js";

/** Each place's controls, by the API field (its first part: "layers.1" is "layers") they send. */
export const PLACES = {
  network: { layers: "layers", hidden_activation: "hidden_activation", output_activation: "output_activation",
    loss: "loss", dataset: "dataset", seed: "seed", regularization: "regularization", regularization_rate: "regularization_rate",
    // The data controls (controls/data-options.js); a refused feature choice is the form's own message.
    noise: "noise", test_ratio: "test_ratio", data_seed: "data_seed" },
  // The Regularisation controls of the Training card (controls/regularization-control.js).
  regularization: { regularization: "regularization", regularization_rate: "regularization_rate" },
  training: { learning_rate: "learning_rate", batch_size: "batch_size", steps: "train_steps" },
  files: {},
};

// Places whose card has a message of its own for a refusal about no one control: the form, and
// "Save, open, share" for a file the server would not open.
const PLACE_MESSAGES = new Set(["network", "files"]);

/** The key of the control a refusal of `place`'s action belongs beside: "network:layers",
 * "network" for the place as a whole (a 422 about no one field), or null (the status line). */
export function fieldKey(place, error) {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const control = error.field ? PLACES[place][String(error.field).split(".")[0]] : undefined;
  if (control) return `${place}:${control}`;
  // A training refusal about no one knob (a work limit, a diverged step) has no control to sit by.
  return PLACE_MESSAGES.has(place) ? place : null;
}

/** fieldErrors without `place`'s entries: its action succeeded, or is being checked again. */
export function withoutPlace(fieldErrors, place) {
  const kept = Object.entries(fieldErrors || {}).filter(([key]) => key !== place && !key.startsWith(`${place}:`));
  return kept.length === Object.keys(fieldErrors || {}).length ? fieldErrors : Object.fromEntries(kept);
}

/** The message beside one control, or "" (key: "network:layers", or "network" for the form). */
export const fieldError = (state, key) => (state.fieldErrors && state.fieldErrors[key]) || "";

/**
 * `action` with its refusals placed: a 422 that belongs beside one of `place`'s controls goes
 * there (replacing the place's earlier messages) instead of being thrown on to the status line,
 * and a success clears the place.
 */
export function placed(store, place, action) {
  return async (...args) => {
    try {
      const result = await action(...args);
      const { fieldErrors } = store.get();
      const cleared = withoutPlace(fieldErrors, place);
      if (cleared !== fieldErrors) store.set({ fieldErrors: cleared });
      return result;
    } catch (error) {
      const key = fieldKey(place, error);
      if (!key) throw error;
      store.set({ fieldErrors: { ...withoutPlace(store.get().fieldErrors, place), [key]: error.message } });
      return undefined;
    }
  };
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/**
 * What is obviously wrong with the typed layer sizes, or "" if nothing is: the sizes as numbers
 * come with it. Layers count from 0, the inputs, as the drawing and docs/NOTATION.md count them;
 * the upper bounds are left to the server, which names them.
 */
export function layerSizesProblem(text) {
  const parts = String(text).trim().split(/[\s,\-x×]+/).filter(Boolean);
  if (parts.length < 2) {
    return { sizes: null, problem: `Give at least 2 layer sizes (the input layer and the output layer), separated by dashes, e.g. 2-3-3-1; got ${plural(parts.length, "size", "sizes")}.` };
  }
  for (const [l, part] of parts.entries()) {
    const n = Number(part);
    if (!/^[+]?\d*\.?\d+(e[+-]?\d+)?$/i.test(part) || !Number.isFinite(n)) {
      return { sizes: null, problem: `Layer ${l} is "${part.slice(0, 12)}": write each size as a whole number of neurons, e.g. 2-3-3-1.` };
    }
    if (n < 1) return { sizes: null, problem: `layer ${l} has ${n} neurons; at least 1 (a whole number)` };
    if (!Number.isInteger(n)) return { sizes: null, problem: `layer ${l} has ${n} neurons; a layer has a whole number of neurons, at least 1` };
  }
  return { sizes: parts.map(Number), problem: "" };
}

const short = (x) => String(Number(x.toPrecision(6)));

/** The training knob's value as the server would judge it: "" if it is allowed, else why not. */
export function knobProblem(name, value, { limits, datasetSize = Infinity }) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return { learning_rate: "learning rate must be a number", batch_size: "batch size must be a whole number",
      train_steps: "steps must be a whole number" }[name];
  }
  const bounds = {
    learning_rate: ["learning rate", limits ? limits.min_learning_rate : 0, limits ? limits.max_learning_rate : Infinity, false],
    batch_size: ["batch size", 1, Math.min(limits ? limits.max_batch_size : Infinity, datasetSize), true],
    train_steps: ["steps", 1, limits ? limits.max_stream_steps : Infinity, true],
  }[name];
  const [label, least, most, whole] = bounds;
  if (whole && !Number.isInteger(value)) return `${label} must be a whole number; got ${short(value)}`;
  if (value < least) return `${label} ${short(value)} is less than the least allowed, ${short(least)}`;
  if (value > most) {
    const why = name === "batch_size" && most === datasetSize ? " (the data set's size)" : "";
    return `${label} ${short(value)} is more than the most allowed, ${short(most)}${why}`;
  }
  return "";
}
