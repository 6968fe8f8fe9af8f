// The new-network form's data controls, as TensorFlow Playground's: noise, the share held out for
// testing and the data seed of a generated set ("New data" draws a new seed: the same kind of set,
// other points), and the input features of a network on a 2-D set. Each shows only for the sets it
// applies to; the server checks every value again (POST /api/networks).
import { FEATURE_LABELS } from "../drawing/input-labels.js";

export const FEATURES = Object.keys(FEATURE_LABELS);
const PLAIN = ["x1", "x2"];
const MAX_SEED = 2 ** 32 - 1;

/** Whether a data set (an entry of GET /api/datasets) is made from a seed: noise, split and seed apply. */
export function isGenerated(d) {
  return Boolean(d) && !d.uploaded && !d.image_side && !d.test_size;
}

/** Whether a network on this data set may choose its input features (made from a point x₁, x₂). */
export function takesFeatures(d) {
  return Boolean(d) && d.inputs === 2 && !d.image_side;
}

/**
 * The create body's data fields for these choices, only those away from their default, and the
 * size layer 0 must have. `choices`: { noise, testRatio, dataSeed (text, "" for the set's own), features }.
 */
export function dataChoices(d, { noise, testRatio, dataSeed, features }) {
  const body = {};
  if (isGenerated(d)) {
    if (noise) body.noise = noise;
    if (testRatio) body.test_ratio = testRatio;
    if (String(dataSeed).trim() !== "") body.data_seed = Number(dataSeed);
  }
  let inputs = d ? d.inputs : null;
  if (takesFeatures(d)) {
    const chosen = FEATURES.filter((name) => features.includes(name));
    if (chosen.join() !== PLAIN.join()) body.features = chosen;
    inputs = chosen.length;
  }
  return { body, inputs };
}

function labelled(text, input, style = "") {
  const label = document.createElement("label");
  if (style) label.style.cssText = style;
  label.append(text, input);
  return label;
}

function numberInput(name, { min, max, step, value }) {
  const input = document.createElement("input");
  Object.assign(input, { name, type: "number", min, max, step, value });
  return input;
}

/** The controls, added to `form` before `before`; `onInputs(n)` is told layer 0's size when it changes. */
export function createDataOptions(form, before, onInputs) {
  const box = document.createElement("fieldset");
  box.className = "wide data-options";
  box.dataset.role = "data-options";
  box.style.cssText = "display: grid; grid-template-columns: 1fr 1fr; gap: 0.5rem; border: 1px solid #d4d8de; border-radius: 6px; padding: 0.5rem; margin: 0";
  const legend = document.createElement("legend");
  legend.textContent = "Data";
  const noise = numberInput("noise", { min: 0, max: 0.5, step: 0.05, value: 0 });
  const testRatio = numberInput("test_ratio", { min: 0, max: 0.9, step: 0.1, value: 0 });
  const dataSeed = numberInput("data_seed", { min: 0, max: MAX_SEED, step: 1, value: "" });
  dataSeed.placeholder = "the set's own";
  const regenerate = document.createElement("button");
  regenerate.type = "button";
  regenerate.dataset.role = "new-data";
  regenerate.textContent = "New data";
  regenerate.title = "Draw a new data seed: the same kind of data set, other points";
  const generated = [labelled("Noise (standard deviation)", noise), labelled("Held out for testing (share)", testRatio),
    labelled("Data seed", dataSeed), regenerate];
  regenerate.style.alignSelf = "end";
  const features = document.createElement("div");
  features.className = "wide";
  features.dataset.role = "features";
  features.style.cssText = "grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 0.25rem 0.9rem; font-size: 0.8rem";
  const boxes = FEATURES.map((name) => {
    const check = Object.assign(document.createElement("input"), { type: "checkbox", name: "features", value: name });
    check.checked = PLAIN.includes(name);
    const label = labelled(FEATURE_LABELS[name], check, "flex-direction: row; align-items: center; gap: 0.25rem");
    label.prepend(check);  // the box before its feature, as a list of choices reads
    features.append(label);
    return check;
  });
  const featuresTitle = document.createElement("span");
  featuresTitle.textContent = "Input features (layer 0):";
  features.prepend(featuresTitle);
  box.append(legend, ...generated, features);
  form.insertBefore(box, before);

  let dataset = null;
  const chosen = () => boxes.filter((b) => b.checked).map((b) => b.value);
  const choices = () => dataChoices(dataset, { noise: Number(noise.value) || 0, testRatio: Number(testRatio.value) || 0, dataSeed: dataSeed.value, features: chosen() });

  regenerate.addEventListener("click", () => {
    dataSeed.value = String(Math.floor(Math.random() * (MAX_SEED + 1)));
  });
  for (const b of boxes) b.addEventListener("change", () => onInputs(choices().inputs));

  return {
    /** Shows the controls that apply to data set `d` (an entry of GET /api/datasets). */
    show(d) {
      dataset = d;
      for (const element of generated) element.hidden = !isGenerated(d);
      features.hidden = !takesFeatures(d);
      box.hidden = !isGenerated(d) && !takesFeatures(d);
    },
    /** The choices of a network (or a preset: all at their defaults). */
    fill(network) {
      noise.value = network.noise ?? 0;
      testRatio.value = network.test_ratio ?? 0;
      dataSeed.value = network.data_seed ?? "";
      const names = network.features || PLAIN;
      for (const b of boxes) b.checked = names.includes(b.value);
    },
    /** { body, inputs }: see dataChoices. */
    choices,
  };
}
