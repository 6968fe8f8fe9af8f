// The "New network" form: presets, layer sizes, activations, cost, data set and seed.
import { plural } from "../lib/format.js";
import { costMisfit } from "../lib/softmax.js";
import { fieldError, layerSizesProblem } from "../state/field-errors.js";
import { showFieldError } from "./field-errors.js";
import { createDataOptions } from "./data-options.js";
import { addRegularizationFields } from "./regularization-control.js";

export const PRESETS = [
  // learning_rate: one that trains the preset well; it goes to the Training controls, not to the server.
  { label: "2-3-3-1 on xor", layers: [2, 3, 3, 1], hidden_activation: "sigmoid", output_activation: "sigmoid", loss: "mse", dataset: "xor", seed: 1, learning_rate: 3 },
  { label: "1-1-1-1 chain (the chapter's single-neuron chain)", layers: [1, 1, 1, 1], hidden_activation: "sigmoid", output_activation: "sigmoid", loss: "mse", dataset: "chain", seed: 1, learning_rate: 1 },
  { label: "2-4-4-1 on circle", layers: [2, 4, 4, 1], hidden_activation: "sigmoid", output_activation: "sigmoid", loss: "mse", dataset: "circle", seed: 1, learning_rate: 3 },
  { label: "2-4-1 on gaussians, cross-entropy", layers: [2, 4, 1], hidden_activation: "relu", output_activation: "sigmoid", loss: "cross_entropy", dataset: "gaussians", seed: 1, learning_rate: 0.5 },
  { label: "2-16-16-1 on spiral, relu, cross-entropy", layers: [2, 16, 16, 1], hidden_activation: "relu", output_activation: "sigmoid", loss: "cross_entropy", dataset: "spiral", seed: 1, learning_rate: 0.3 },
  { label: "2-2-1 on circle, features x₁² and x₂²", layers: [2, 2, 1], hidden_activation: "sigmoid", output_activation: "sigmoid", loss: "mse", dataset: "circle", seed: 1, features: ["x1^2", "x2^2"], learning_rate: 3 },
  { label: "2-3-1 on plane, linear output", layers: [2, 3, 1], hidden_activation: "tanh", output_activation: "linear", loss: "mse", dataset: "plane", seed: 1, learning_rate: 0.1 },
  { label: "2-8-8-1 on gaussian_hills, linear output", layers: [2, 8, 8, 1], hidden_activation: "tanh", output_activation: "linear", loss: "mse", dataset: "gaussian_hills", seed: 1, learning_rate: 0.1 },
  { label: "1-8-1 on sine, linear output", layers: [1, 8, 1], hidden_activation: "tanh", output_activation: "linear", loss: "mse", dataset: "sine", seed: 1, learning_rate: 0.1 },
  { label: "64-16-16-10 on digits, cross-entropy", layers: [64, 16, 16, 10], hidden_activation: "sigmoid", output_activation: "sigmoid", loss: "cross_entropy", dataset: "digits", seed: 1, learning_rate: 1 },
  { label: "64-16-16-10 on digits, softmax", layers: [64, 16, 16, 10], hidden_activation: "sigmoid", output_activation: "softmax", loss: "categorical_cross_entropy", dataset: "digits", seed: 1, learning_rate: 0.5 },
  { label: "The video's network: 784-16-16-10 on 28x28 MNIST", layers: [784, 16, 16, 10], hidden_activation: "sigmoid", output_activation: "sigmoid", loss: "mse", dataset: "mnist", seed: 1, learning_rate: 3 },
];

function parseLayers(text) {
  const parts = text.trim().split(/[\s,\-x×]+/).filter(Boolean);
  const sizes = parts.map(Number);
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) return null;
  return sizes;
}

export function createNewNetworkForm(root, actions) {
  const form = root.querySelector("form");
  const field = (name) => form.elements.namedItem(name);
  const preset = field("preset");
  const layers = field("layers");
  const dataset = field("dataset");
  const message = root.querySelector("[data-role=form-message]");
  const regularization = addRegularizationFields(form, dataset.closest("label"));
  let datasets = [];
  // Layer 0 follows the chosen features: their number is the input layer's size.
  const data = createDataOptions(form, message, (inputs) => {
    const sizes = parseLayers(layers.value);
    if (sizes && inputs) {
      sizes[0] = inputs;
      layers.value = sizes.join("-");
    }
  });
  const showData = () => data.show(datasets.find((d) => d.name === dataset.value));

  PRESETS.forEach((p, i) => preset.add(new Option(p.label, String(i))));

  function fill(spec) {
    layers.value = spec.layers.join("-");
    for (const name of ["hidden_activation", "output_activation", "loss", "dataset"]) field(name).value = spec[name];
    field("seed").value = spec.seed;
    showData();
    data.fill(spec);
  }

  preset.addEventListener("change", () => {
    if (preset.value !== "") fill(PRESETS[Number(preset.value)]);
  });

  // Picking a data set fixes the input and output sizes; keep the hidden layers as typed.
  dataset.addEventListener("change", () => {
    const chosen = datasets.find((d) => d.name === dataset.value);
    const sizes = parseLayers(layers.value);
    showData();
    if (chosen && sizes) {
      sizes[0] = data.choices().inputs;
      sizes[sizes.length - 1] = chosen.outputs;
      layers.value = sizes.join("-");
    }
    preset.value = "";
  });
  for (const name of ["layers", "hidden_activation", "output_activation", "loss", "seed"]) {
    field(name).addEventListener("input", () => { preset.value = ""; });
  }

  // The page's own findings; the server's (state.fieldErrors) show where these are empty.
  let own = { layers: "", form: "" };
  let lastState = null;

  /** Each message beside its control: the layer sizes, the other fields, the form as a whole. */
  function showErrors(state) {
    const server = (name) => (state ? fieldError(state, `network:${name}`) : "");
    showFieldError(layers, own.layers || server("layers"));
    for (const name of ["hidden_activation", "output_activation", "loss", "dataset", "seed", "noise", "test_ratio", "data_seed"]) showFieldError(field(name), server(name));
    const formText = own.form || (state ? fieldError(state, "network") : "");
    if (message.textContent !== formText) message.textContent = formText;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { sizes, problem: layerProblem } = layerSizesProblem(layers.value);
    const chosen = datasets.find((d) => d.name === dataset.value);
    const { body: dataBody, inputs } = data.choices();
    let problem = "";
    if (chosen && inputs === 0) {
      problem = "Choose at least one input feature.";
    } else if (sizes && chosen && (sizes[0] !== inputs || sizes.at(-1) !== chosen.outputs)) {
      const made = dataBody.features ? ` with ${inputs} input feature${inputs === 1 ? "" : "s"}` : "";
      problem = `The ${chosen.uploaded ? chosen.label : chosen.name} data set${made} needs ${inputs} input${inputs === 1 ? "" : "s"} and ${chosen.outputs} output${chosen.outputs === 1 ? "" : "s"}: the first layer size must be ${inputs} and the last ${chosen.outputs}.`;
    } else if (costMisfit(field("loss").value, field("output_activation").value)) {
      problem = costMisfit(field("loss").value, field("output_activation").value);
    }
    const penalty = regularization.read(lastState && lastState.limits);
    if (penalty.problem && !problem) problem = penalty.problem;
    own = { layers: layerProblem, form: problem };
    if (layerProblem || problem) {
      actions.clearFieldErrors("network");
      showErrors(lastState);
      if (layerProblem) layers.focus();
      return;
    }
    showErrors(lastState);
    const seedText = field("seed").value.trim();
    const chosenPreset = preset.value === "" ? null : PRESETS[Number(preset.value)];
    await actions.createNetwork({
      layers: sizes,
      hidden_activation: field("hidden_activation").value,
      output_activation: field("output_activation").value,
      loss: field("loss").value,
      dataset: dataset.value,
      ...(seedText === "" ? {} : { seed: Number(seedText) }),
      ...penalty,
      ...dataBody,
    }, chosenPreset ? chosenPreset.learning_rate : null);
  });

  let filled = false;

  function render(state) {
    lastState = state;
    showErrors(state);
    if (state.datasets !== datasets) {
      datasets = state.datasets;
      const current = dataset.value;
      dataset.replaceChildren(...datasets.map((d) => new Option(`${d.uploaded ? `Your data: ${d.label}` : d.name} (${d.inputs} in, ${d.outputs} out, ${plural(d.size, "example")})`, d.name)));
      if (current) dataset.value = current;
      showData();
    }
    if (!filled && state.network && datasets.length) {
      fill({ ...state.network, seed: state.network.seed ?? "" });
      preset.value = "";
      filled = true;
    }
  }

  /** A network on this uploaded data set (controls/your-data.js): its sizes go to the first and
   * last layer, a regression gets a linear output, then the form is submitted as if clicked. */
  function useDataset(info) {
    dataset.value = info.name;
    dataset.dispatchEvent(new Event("change"));
    if (info.task === "regression") {
      field("output_activation").value = "linear";
      field("loss").value = "mse";
    }
    form.requestSubmit();
  }

  return { render, useDataset };
}
