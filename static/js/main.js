// Wiring: one store, the one object of actions that fills it, and the views that draw it.
import { api } from "./api/api.js";
import { createActions } from "./state/actions.js";
import { createBreakdownPanel } from "./panel/breakdown-panel.js";
import { createChapterViews } from "./chapter/chapter-card.js";
import { createChart } from "./controls/chart.js";
import { createControls } from "./controls/controls.js";
import { createRegularizationControl } from "./controls/regularization-control.js";
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
import { createRegenerateButton } from "./pictures/regenerate-button.js";
import { createSectionViews, SECTIONS } from "./panel/sections.js";
import { createStore } from "./state/store.js";
import { createTopGradients } from "./drawing/top-gradients.js";
import { datasetOf, initialState } from "./state/state.js";
import { COST_NAMES } from "./lib/softmax.js";
import { datasetLabel } from "./state/upload-actions.js";
import { storeView } from "./state/saved-view.js";
import { setAttr, setText } from "./lib/quiet-writes.js";
import { createLessonDialog } from "./lesson/lesson-dialog.js";
import { createLessonView, hiddenFromSearch } from "./lesson/lesson-view.js";

const store = createStore({
  ...initialState(), presenter: presenterFromSearch(window.location.search),
  // A lesson link's hidden parts are hidden from the first paint (lesson/lesson-view.js).
  lessonHide: hiddenFromSearch(window.location.search),
});
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
  createRegularizationControl(part("regularization"), actions),
  createDivergenceNotice(part("divergence"), actions),
  createChart(part("chart"), actions),
  newNetworkForm,
  createYourData(part("your-data"), actions, newNetworkForm),
  createDigitView(part("digit")),
  createDrawPad(part("draw"), actions),
  createPicturesPanel(part("pictures")),
  createRegenerateButton(part("pictures"), actions),
  createNetworkFiles(part("network-files"), actions),
  createMyNetworksView(part("my-networks"), actions),
  createLessonView(),
  createLessonDialog(document.querySelector("[data-role=lesson-open]"), actions),
  ...createSectionViews(part, actions),
  ...createChapterViews(part, actions),
];

const status = part("status");
const summary = part("summary");

function renderChrome(state) {
  // Written only when they change: this runs on every store update, 30-60 times a second live.
  setText(status, state.status ? state.status.text : "");
  setAttr(status, "data-kind", state.status ? state.status.kind : "");
  const { network } = state;
  setText(summary, network
    ? `${network.layers.join("-")} · ${network.hidden_activation} hidden, ${network.output_activation} output · ${COST_NAMES[network.loss] || network.loss} · ${datasetLabel(datasetOf(state), network.dataset)} · seed ${network.seed ?? "random"}${network.regularization && network.regularization !== "none" ? ` · ${network.regularization.toUpperCase()} λ = ${network.regularization_rate}` : ""}`
    : "Loading…");
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
