// Wiring: one store, the one object of actions that fills it, and the views that draw it.
import { api } from "./api/api.js";
import { createActions } from "./state/actions.js";
import { createBreakdownPanel } from "./panel/breakdown-panel.js";
import { createChapterViews } from "./chapter/chapter-card.js";
import { createChart } from "./controls/chart.js";
import { createControls } from "./controls/controls.js";
import { createDigitView } from "./pictures/digit-view.js";
import { createDrawPad } from "./draw/draw-pad.js";
import { createDivergenceNotice } from "./controls/divergence-notice.js";
import { createExampleNav } from "./controls/example-nav.js";
import { createKeyboardOpen } from "./drawing/keyboard-open.js";
import { createLegend } from "./drawing/legend.js";
import { createLiveReadout } from "./live/live-readout.js";
import { createNetworkView } from "./drawing/network-view.js";
import { createDrawingZoom } from "./drawing/drawing-zoom.js";
import { createPanelReveal } from "./drawing/reveal-panel.js";
import { createNetworkFiles } from "./controls/network-files.js";
import { createPresenterToggle, presenterFromSearch } from "./controls/presenter.js";
import { createMyNetworksView } from "./controls/my-networks-view.js";
import { createNewNetworkForm } from "./controls/new-network-form.js";
import { createYourData } from "./controls/your-data.js";
import { createPicturesPanel } from "./pictures/pictures-panel.js";
import { createSectionViews, SECTIONS } from "./panel/sections.js";
import { createStore } from "./state/store.js";
import { createTopGradients } from "./drawing/top-gradients.js";
import { datasetOf, initialState } from "./state/state.js";
import { datasetLabel } from "./state/upload-actions.js";
import { storeView } from "./state/saved-view.js";

const store = createStore({ ...initialState(), presenter: presenterFromSearch(window.location.search) });
const actions = createActions(store, api, { sections: SECTIONS });
const part = (name) => document.querySelector(`[data-part=${name}]`);

const newNetworkForm = createNewNetworkForm(part("new-network"), actions);
const keyboardOpen = createKeyboardOpen(document.getElementById("breakdown-title"), actions);
// On a phone, what the learner picks in the drawing opens its breakdown in view (reveal-panel.js).
const reveal = createPanelReveal(part("breakdown"), part("network"));
const revealed = (action) => (target) => {
  reveal.reveal();
  return action(target);
};

const views = [
  keyboardOpen,
  createNetworkView(part("network"), {
    onSelect: revealed(actions.selectEdge), onNeuron: revealed(actions.selectNeuron), onOpened: keyboardOpen.onOpened,
  }),
  createDrawingZoom(part("network").querySelector("[data-role=drawing-frame]"), part("network").querySelector("[data-role=drawing-zoom]")),
  createPresenterToggle(document.querySelector("[data-role=presenter-toggle]"), actions),
  createLegend(part("legend"), actions),
  createTopGradients(part("top-gradients"), actions),
  createLiveReadout(part("live-readout")),
  createBreakdownPanel(part("breakdown")),
  createExampleNav(part("example"), actions),
  createControls(part("controls"), actions),
  createDivergenceNotice(part("divergence"), actions),
  createChart(part("chart"), actions),
  newNetworkForm,
  createYourData(part("your-data"), actions, newNetworkForm),
  createDigitView(part("digit")),
  createDrawPad(part("draw"), actions),
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
    ? `${network.layers.join("-")} · ${network.hidden_activation} hidden, ${network.output_activation} output · ${network.loss === "mse" ? "squared error" : "cross-entropy"} · ${datasetLabel(datasetOf(state), network.dataset)} · seed ${network.seed ?? "random"}`
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
