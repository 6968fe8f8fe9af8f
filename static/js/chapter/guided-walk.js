// The guided walk: the chapter step by step on the live network, with Next, Back and Leave.
import { el } from "../lib/dom.js";
import { passFits } from "../state/pass-fits.js";
import { WALK_STEPS } from "./walk-steps.js";

export function createGuidedWalk(root, chapter) {
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
  let drawn = null;
  start.addEventListener("click", () => chapter.walkStart());
  back.addEventListener("click", () => chapter.walkTo(step - 1));
  next.addEventListener("click", () => (step === WALK_STEPS.length - 1 ? chapter.walkLeave() : chapter.walkTo(step + 1)));
  leave.addEventListener("click", () => chapter.walkLeave());

  function render(state) {
    const { walk, network, pass } = state;
    const open = Boolean(walk && walk.open && network);
    body.hidden = !open;
    intro.hidden = open;
    root.classList.toggle("is-walking", open);
    if (!open) {
      start.textContent = walk ? `Resume at step ${walk.step + 1}: ${WALK_STEPS[walk.step].title}` : "Start the walk";
      root.removeAttribute("data-walk-step");
      drawn = null;
      return;
    }
    step = walk.step;
    const current = WALK_STEPS[step];
    root.dataset.walkStep = current.key;
    progress.textContent = `Step ${step + 1} of ${WALK_STEPS.length}`;
    heading.textContent = current.title;
    back.disabled = step === 0;
    next.textContent = step === WALK_STEPS.length - 1 ? "Finish" : "Next ▶";
    if (!passFits(network, pass)) return;
    const inputs = [step, network, pass, state.walkBatch, state.exampleIndex];
    if (drawn && drawn.every((v, i) => v === inputs[i])) return;
    drawn = inputs;
    text.replaceChildren(...current.text({ network, pass, walkBatch: state.walkBatch, exampleIndex: state.exampleIndex }));
    // Which example and network the numbers are for, so a reader (or a test) can tell they are current.
    root.dataset.walkExample = pass.example ?? "";
    root.dataset.walkNetworkStep = network.step;
  }

  return { render };
}
