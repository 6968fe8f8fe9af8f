// Wiring: one store, the actions that fill it, and the views that draw it.
import { createActions, initialState } from "./actions.js";
import { createBreakdownPanel } from "./breakdown-panel.js";
import { createChart } from "./chart.js";
import { createControls } from "./controls.js";
import { createExampleNav } from "./example-nav.js";
import { createLegend } from "./legend.js";
import { createNetworkView } from "./network-view.js";
import { createNewNetworkForm } from "./new-network-form.js";
import { createStore } from "./store.js";

const store = createStore(initialState());
const actions = createActions(store);
const part = (name) => document.querySelector(`[data-part=${name}]`);

const views = [
  createNetworkView(part("network"), { onSelect: actions.selectEdge }),
  createLegend(part("legend"), actions),
  createBreakdownPanel(part("breakdown")),
  createExampleNav(part("example"), actions),
  createControls(part("controls"), actions),
  createChart(part("chart")),
  createNewNetworkForm(part("new-network"), actions),
];

const status = part("status");
const summary = part("summary");

function renderChrome(state) {
  status.textContent = state.status ? state.status.text : "";
  status.dataset.kind = state.status ? state.status.kind : "";
  const { network } = state;
  summary.textContent = network
    ? `${network.layers.join("-")} · ${network.hidden_activation} hidden, ${network.output_activation} output · ${network.loss === "mse" ? "squared error" : "cross-entropy"} · ${network.dataset || "no data set"} · seed ${network.seed ?? "random"}`
    : "Loading…";
}

store.subscribe((state) => {
  renderChrome(state);
  for (const view of views) view.render(state);
});

actions.init();
