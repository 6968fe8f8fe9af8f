// Wiring: one store, the actions that fill it, and the views that draw it.
import { createActions, initialState } from "./actions.js";
import { createBreakdownPanel } from "./breakdown-panel.js";
import { chapterState, createChapterActions } from "./chapter-actions.js";
import { createChapterViews } from "./chapter-card.js";
import { createChart } from "./chart.js";
import { createControls } from "./controls.js";
import { createDigitView } from "./digit-view.js";
import { createExampleNav } from "./example-nav.js";
import { createLegend } from "./legend.js";
import { createLiveReadout } from "./live-readout.js";
import { createNetworkView } from "./network-view.js";
import { createNetworkFiles } from "./network-files.js";
import { createNewNetworkForm } from "./new-network-form.js";
import { createPicturesPanel } from "./pictures-panel.js";
import { createStore } from "./store.js";
import { createTopGradients } from "./top-gradients.js";
import { createTeachViews } from "./teach-views.js";
import { createTeachActions, teachState } from "./teach-actions.js";

const store = createStore({ ...initialState(), ...teachState(), ...chapterState() });
const actions = createActions(store);
Object.assign(actions, createTeachActions(store, actions));
const part = (name) => document.querySelector(`[data-part=${name}]`);

const views = [
  createNetworkView(part("network"), { onSelect: actions.selectEdge, onNeuron: actions.selectNeuron }),
  createLegend(part("legend"), actions),
  createTopGradients(part("top-gradients"), actions),
  createLiveReadout(part("live-readout")),
  createBreakdownPanel(part("breakdown")),
  createExampleNav(part("example"), actions),
  createControls(part("controls"), actions),
  createChart(part("chart")),
  createNewNetworkForm(part("new-network"), actions),
  createDigitView(part("digit")),
  createPicturesPanel(part("pictures")),
  createNetworkFiles(part("network-files"), actions),
];

views.push(...createTeachViews(part, actions));
views.push(...createChapterViews(part, actions, createChapterActions(store, actions)));

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
