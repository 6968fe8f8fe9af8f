// One example vs a mini-batch: the gradient is the mean of the products, not the product of the means.
import { el, value } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";
import { createFetchedSection, placeholder } from "./fetched-section.js";
import { batchRows, currentAnswer, currentBreakdown, drawnExample } from "../state/state.js";

const MAX_ROWS = 8;

function exampleRow(e) {
  const row = el("tr", "", el("th", "", String(e.example)),
    ...["error", "slope", "input", "product"].map((name) => el("td", "", name === "slope" && e.slope === null
      ? jacobianText() : value(e[name], { "data-term": name }))));
  row.dataset.row = e.example;
  return row;
}

/** A softmax output's slope cell: a Jacobian, not a number (its product is δ × input). */
function jacobianText() {
  return Object.assign(el("span", "value jacobian-value", "Jacobian"), { title: "softmax: no slope per neuron; product = δ × input" });
}

function means(r) {
  const row = el("tr", "batch-means", el("th", "", "mean"),
    el("td", "", value(r.mean_error, { "data-quantity": "batch-mean-error" })),
    el("td", "", r.mean_slope === null ? jacobianText() : value(r.mean_slope, { "data-quantity": "batch-mean-slope" })),
    el("td", "", value(r.mean_input, { "data-quantity": "batch-mean-input" })),
    el("td", "", value(r.mean_gradient, { "data-quantity": "batch-mean-gradient" })));
  return row;
}

/** The selected weight over the mini-batch of the current row and the next ones. */
export function fetchBatch(state, api) {
  const examples = batchRows(state);
  if (drawnExample(state)) {
    return Promise.resolve({ error: "A mini-batch is made of data-set rows, and your drawing is not one: choose a row (Prev, Next or Random) to compare." });
  }
  if (!examples) return Promise.resolve({ error: "A mini-batch needs a data set; this network has none." });
  return api.batchBreakdown(state.network.id, { ...state.selected, examples }).then((result) => ({ examples, result }));
}

export function createBatchCompare(root) {
  const signature = (state) => [currentAnswer(state, "batch"), currentBreakdown(state)];
  return createFetchedSection(root, signature, (state, body) => {
    const current = currentAnswer(state, "batch");
    const breakdown = currentBreakdown(state);
    const parts = [];
    if (placeholder(root, parts, breakdown && current)) {
      body.replaceChildren(...parts);
      return false;
    }
    const r = current.result;
    const n = current.examples.length;
    const side = el("div", "batch-side",
      el("div", "", el("span", "small muted", `this example (row ${current.examples[0]})`), el("br"),
        value(breakdown.gradient, { "data-quantity": "batch-example-gradient" })),
      el("div", "", el("span", "small muted", `mini-batch of ${n} (mean)`), el("br"),
        value(r.mean_gradient, { "data-quantity": "batch-side-mean-gradient" })));
    const head = el("tr", "", ...["row", "error", "× slope", "× input", "= product"].map((t) => el("th", "", t)));
    const rows = r.examples.slice(0, MAX_ROWS).map(exampleRow);
    const table = el("table", "batch-table",
      el("caption", "", `The batch: the current row and the next ${n - 1} (batch size from the training controls)`),
      el("thead", "", head), el("tbody", "", ...rows), el("tfoot", "", means(r)));
    const hidden = r.examples.length - rows.length;
    // null: the product of the means left float64 (a saturated output under cross-entropy); no gap to show.
    const gap = r.product_of_means === null ? null : Math.abs(r.mean_gradient - r.product_of_means);
    body.replaceChildren(
      side,
      el("div", "batch-scroll", table),
      hidden > 0 ? el("p", "small muted", `${hidden} more rows not listed; the means use all ${n}.`) : "",
      breakdown.jacobian ? el("p", "batch-contrast",
        "A softmax output has no slope per neuron, so there is no product of mean factors to set beside it: each example's product is its own δ × input, and the batch gradient is their mean, ",
        value(r.mean_gradient, { "data-quantity": "batch-gradient-again" }), ".")
      : el("p", "batch-contrast",
        "Product of the mean factors: ", value(r.product_of_means, { "data-quantity": "batch-product-of-means" }),
        ". The batch gradient is the mean of the products, ", value(r.mean_gradient, { "data-quantity": "batch-gradient-again" }),
        `: they differ by ${formatNumber(gap, 3)}, because each example's factors multiply before averaging.`));
    return true;
  });
}
