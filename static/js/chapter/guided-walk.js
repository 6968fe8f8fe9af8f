// The guided walk: the chapter step by step on the live network, with Next, Back and Leave.
import { el } from "../lib/dom.js";
import { createChangeCheck } from "../lib/change-check.js";
import { isCurrent } from "../state/freshness.js";
import { currentPass } from "../state/state.js";
import { WALK_STEPS } from "./walk-steps.js";

export function createGuidedWalk(root, actions) {
  const intro = root.querySelector("[data-role=walk-intro]");
  const start = root.querySelector("[data-role=walk-start]");
  const body = root.querySelector("[data-role=walk-body]");
  const heading = el("h3", "walk-title");
  const progress = el("p", "walk-progress small muted");
  const text = el("div", "walk-text");
  const back = el("button", "", "◀ Back");
  const next = el("button", "primary", "Next ▶");
  const leave = el("button", "", "Leave");
  for (const button of [back, next, leave]) button.type = "button";
  back.dataset.role = "walk-back";
  next.dataset.role = "walk-next";
  leave.dataset.role = "walk-leave";
  leave.title = "Close the walk and keep playing; Resume brings you back to this step";
  body.append(progress, heading, text, el("div", "buttons walk-buttons", back, next, leave));

  let step = 0;
  const drawn = createChangeCheck();
  start.addEventListener("click", () => actions.walkStart());
  back.addEventListener("click", () => actions.walkTo(step - 1));
  next.addEventListener("click", () => (step === WALK_STEPS.length - 1 ? actions.walkLeave() : actions.walkTo(step + 1)));
  leave.addEventListener("click", () => actions.walkLeave());

  function render(state) {
    const { walk, network } = state;
    const open = Boolean(walk && walk.open && network);
    body.hidden = !open;
    intro.hidden = open;
    root.classList.toggle("is-walking", open);
    if (!open) {
      start.textContent = walk ? `Resume at step ${walk.step + 1}: ${WALK_STEPS[walk.step].title}` : "Start the walk";
      root.removeAttribute("data-walk-step");
      drawn.forget();
      return;
    }
    step = walk.step;
    const current = WALK_STEPS[step];
    root.dataset.walkStep = current.key;
    progress.textContent = `Step ${step + 1} of ${WALK_STEPS.length}`;
    heading.textContent = current.title;
    back.disabled = step === 0;
    next.textContent = step === WALK_STEPS.length - 1 ? "Finish" : "Next ▶";
    // While the pass of this version and example loads, the last numbers stay.
    const pass = currentPass(state);
    if (!pass) return;
    const walkBatch = isCurrent(state.walkBatch, state) ? state.walkBatch : null;
    if (drawn.unchanged([step, network, pass, walkBatch, state.exampleIndex])) return;
    text.replaceChildren(...current.text({ network, pass, walkBatch, exampleIndex: state.exampleIndex }));
    // Which example and network the numbers are for, so a reader (or a test) can tell they are current.
    root.dataset.walkExample = pass.example ?? "";
    root.dataset.walkNetworkStep = network.step;
  }

  return { render };
}
