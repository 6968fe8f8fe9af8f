// Regularisation in the page: the kind and rate lambda of the current network (Training card), changed
// on the server with PATCH, and the same two fields in the New network form.
import { el } from "../lib/dom.js";
import { KINDS, SUGGESTED_RATES, isRegularized, kindName, rateProblem } from "../lib/regularization.js";
import { fieldError } from "../state/field-errors.js";
import { showFieldError } from "./field-errors.js";

/** A rate lambda chosen with L1 or L2 when the network's own is 0 (a penalty of 0 would change nothing). */
export const STARTING_RATE = 0.01;

function kindSelect(name) {
  const select = el("select", "", ...KINDS.map((k) => new Option(k.label, k.value)));
  select.name = name;
  return select;
}

function rateInput(name, listId) {
  const input = el("input", "");
  Object.assign(input, { type: "number", step: "any", min: "0", max: "10", name });
  input.setAttribute("list", listId);
  return input;
}

function rateList(id) {
  const list = el("datalist", "", ...SUGGESTED_RATES.map((r) => new Option(String(r), String(r))));
  list.id = id;
  return list;
}

/** The two fields in the New network form, before its data set; returns how to read them. */
export function addRegularizationFields(form, before) {
  const kind = kindSelect("regularization");
  const rate = rateInput("regularization_rate", "regularization-rates-new");
  rate.value = String(STARTING_RATE);
  form.insertBefore(el("label", "", "Regularisation", kind), before);
  form.insertBefore(el("label", "", el("span", "", "Rate ", el("i", "", "λ")), rate, rateList("regularization-rates-new")), before);
  return {
    /** The spec's fields, or { problem } for a rate the server would refuse. */
    read(limits) {
      if (kind.value === "none") return { regularization: "none" };
      const problem = rateProblem(rate.value, limits);
      return problem ? { problem, input: rate } : { regularization: kind.value, regularization_rate: Number(rate.value) };
    },
  };
}

/** The Training card's controls for the current network. */
export function createRegularizationControl(root, actions) {
  const kind = kindSelect("regularization");
  kind.dataset.role = "regularization";
  const rate = rateInput("regularization_rate", "regularization-rates");
  rate.dataset.role = "regularization-rate";
  const caption = el("p", "small muted regularization-caption");
  caption.dataset.role = "regularization-caption";
  root.append(
    el("label", "", el("span", "", "Regularisation"), kind),
    el("label", "", el("span", "", "Rate ", el("i", "", "λ")), rate, rateList("regularization-rates")),
    caption);
  let state = null;
  // The network and rate the input was last set from: a rate the learner is still typing (or one
  // refused) stays until the network itself changes.
  let synced = null;

  function send(settings) {
    showFieldError(rate, "");
    return actions.setRegularization(settings);
  }

  kind.addEventListener("change", () => {
    const problem = rateProblem(rate.value, state && state.limits);
    const typed = problem ? null : Number(rate.value);
    const chosen = kind.value !== "none" && (typed === null || typed === 0) ? STARTING_RATE : typed;
    if (chosen !== null) rate.value = String(chosen);
    send(chosen === null ? { regularization: kind.value } : { regularization: kind.value, regularization_rate: chosen });
  });
  rate.addEventListener("change", () => {
    const problem = rateProblem(rate.value, state && state.limits);
    if (problem) showFieldError(rate, problem);
    else send({ regularization_rate: Number(rate.value) });
  });

  function render(next) {
    state = next;
    const { network } = next;
    root.hidden = !network;
    if (!network) return;
    if (document.activeElement !== kind) kind.value = network.regularization;
    const source = `${network.id}:${network.regularization_rate}`;
    if (document.activeElement !== rate && synced !== source) {
      rate.value = String(network.regularization_rate);
      synced = source;
    }
    const server = fieldError(next, "regularization:regularization_rate") || fieldError(next, "regularization:regularization");
    if (server) showFieldError(rate, server);
    const on = isRegularized(network);
    const text = on
      ? `The cost and the loss curve include the ${kindName(network.regularization)} penalty ${network.regularization === "l1" ? "λ Σ|w|" : "λ Σw²"} (λ = ${network.regularization_rate}); biases are not regularised.`
      : "No penalty: the cost is the mean C₀ over the data set.";
    if (caption.textContent !== text) caption.textContent = text;
    root.dataset.regularization = network.regularization;
  }

  return { render };
}
