// The guided walk: the chapter step by step on the live network, with Next, Back and Leave.
import { el } from "../lib/dom.js";
import { createChangeCheck } from "../lib/change-check.js";
import { isCurrent } from "../state/freshness.js";
import { currentBreakdown, currentPass } from "../state/state.js";
import { walkSteps } from "./walk-steps.js";
import { setHidden, setText } from "../lib/quiet-writes.js";

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
  let steps = walkSteps(null);
  const drawn = createChangeCheck();
  start.addEventListener("click", () => actions.walkStart());
  back.addEventListener("click", () => actions.walkTo(step - 1));
  next.addEventListener("click", () => (step === steps.length - 1 ? actions.walkLeave() : actions.walkTo(step + 1)));
  leave.addEventListener("click", () => actions.walkLeave());

  function render(state) {
    const { walk, network } = state;
    steps = walkSteps(network);
    const open = Boolean(walk && walk.open && network);
    setHidden(body, !open);
    setHidden(intro, open);
    root.classList.toggle("is-walking", open);
    if (!open) {
      const resume = walk && Math.min(walk.step, steps.length - 1);
      setText(start, walk ? `Resume at step ${resume + 1}: ${steps[resume].title}` : "Start the walk");
      root.removeAttribute("data-walk-step");
      drawn.forget();
      return;
    }
    step = Math.min(walk.step, steps.length - 1);
    const current = steps[step];
    root.dataset.walkStep = current.key;
    progress.textContent = `Step ${step + 1} of ${steps.length}`;
    heading.textContent = current.title;
    back.disabled = step === 0;
    next.textContent = step === steps.length - 1 ? "Finish" : "Next ▶";
    // While the pass of this version and example loads, the last numbers stay.
    const pass = currentPass(state);
    if (!pass) return;
    const walkBatch = isCurrent(state.walkBatch, state) ? state.walkBatch : null;
    const breakdown = currentBreakdown(state);
    if (drawn.unchanged([step, network, pass, walkBatch, state.exampleIndex, breakdown])) return;
    text.replaceChildren(...current.text({ network, pass, walkBatch, breakdown, exampleIndex: state.exampleIndex }));
    // Which example and network the numbers are for, so a reader (or a test) can tell they are current.
    root.dataset.walkExample = pass.example ?? "";
    root.dataset.walkNetworkStep = network.step;
  }

  return { render };
}
