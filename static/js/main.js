// Wiring: one store, the one object of actions that fills it, and the views that draw it.
import { api } from "./api/api.js";
import { createActions } from "./state/actions.js";
import { createBreakdownPanel } from "./panel/breakdown-panel.js";
import { createChapterViews } from "./chapter/chapter-card.js";
import { createChart } from "./controls/chart.js";
import { createControls } from "./controls/controls.js";
import { createDigitView } from "./pictures/digit-view.js";
import { createDivergenceNotice } from "./controls/divergence-notice.js";
import { createExampleNav } from "./controls/example-nav.js";
import { createKeyboardOpen } from "./drawing/keyboard-open.js";
import { createLegend } from "./drawing/legend.js";
import { createLiveReadout } from "./live/live-readout.js";
import { createNetworkView } from "./drawing/network-view.js";
import { createNetworkFiles } from "./controls/network-files.js";
import { createMyNetworksView } from "./controls/my-networks-view.js";
import { createNewNetworkForm } from "./controls/new-network-form.js";
import { createPicturesPanel } from "./pictures/pictures-panel.js";
import { createSectionViews, SECTIONS } from "./panel/sections.js";
import { createStore } from "./state/store.js";
import { createTopGradients } from "./drawing/top-gradients.js";
import { initialState } from "./state/state.js";
import { storeView } from "./state/saved-view.js";

const store = createStore(initialState());
const actions = createActions(store, api, { sections: SECTIONS });
const part = (name) => document.querySelector(`[data-part=${name}]`);

const keyboardOpen = createKeyboardOpen(document.getElementById("breakdown-title"), actions);

const views = [
  keyboardOpen,
  createNetworkView(part("network"), {
    onSelect: actions.selectEdge, onNeuron: actions.selectNeuron, onOpened: keyboardOpen.onOpened,
  }),
  createLegend(part("legend"), actions),
  createTopGradients(part("top-gradients"), actions),
  createLiveReadout(part("live-readout")),
  createBreakdownPanel(part("breakdown")),
  createExampleNav(part("example"), actions),
  createControls(part("controls"), actions),
  createDivergenceNotice(part("divergence"), actions),
  createChart(part("chart"), actions),
  createNewNetworkForm(part("new-network"), actions),
  createDigitView(part("digit")),
  createPicturesPanel(part("pictures")),
  createNetworkFiles(part("network-files"), actions),
  createMyNetworksView(part("my-networks"), actions),
  ...createSectionViews(part, actions),
  ...createChapterViews(part, actions),
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

// The view survives a reload (state/saved-view.js): saved on every change, written only when it differs.
let savedText = null;
store.subscribe((state) => {
  savedText = storeView(localStorage, state, savedText);
});

store.subscribe((state) => {
  renderChrome(state);
  for (const view of views) view.render(state);
});

actions.init();
