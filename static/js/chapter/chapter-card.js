// The chapter card's tabs: one view open at a time under the drawing, or none to give the drawing room.
import { createBackwardAnimation } from "./backward-animation.js";
import { createChainView } from "./chain-view.js";
import { createGuidedWalk } from "./guided-walk.js";
import { createLayerView } from "./layer-view.js";
import { setAttr, setHidden } from "../lib/quiet-writes.js";

export function createChapterCard(root, actions, drawing) {
  const tabs = [...root.querySelectorAll("[data-tab]")];
  const panels = [...root.querySelectorAll("[data-panel]")];

  for (const tab of tabs) {
    tab.addEventListener("click", () => {
      if (tab.getAttribute("aria-selected") === "true") actions.closeTab();
      else actions.openTab(tab.dataset.tab);
    });
  }

  let shown = null;

  function render(state) {
    const open = state.chapter.tab;
    for (const tab of tabs) setAttr(tab, "aria-selected", tab.dataset.tab === open ? "true" : "false");
    for (const panel of panels) setHidden(panel, panel.dataset.panel !== open);
    root.classList.toggle("is-open", Boolean(open));
    // A view that just opened talks about the drawing: bring both into the middle column's view.
    // After this render's views have filled the panel, or the column may be too short to scroll.
    if (open && open !== shown) requestAnimationFrame(() => drawing.scrollIntoView({ block: "start" }));
    shown = open;
  }

  return { render };
}

/** The card, its views and the guided walk. */
export function createChapterViews(part, actions) {
  const card = part("chapter");
  const panel = (name) => card.querySelector(`[data-panel=${name}]`);
  return [
    createChapterCard(card, actions, part("network")),
    createLayerView(panel("layer"), actions),
    createBackwardAnimation(panel("backward"), actions),
    createChainView(panel("chain"), actions),
    createGuidedWalk(part("walk"), actions),
  ];
}
