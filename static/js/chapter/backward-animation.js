// The backward pass as it happens: layer by layer from the output to the input, the error signal passed back.
import { el, value } from "../lib/dom.js";
import { createChangeCheck } from "../lib/change-check.js";
import { layered } from "../lib/math-matrix.js";
import { c0, math, mo, partial, sigmaPrime } from "../lib/mathml.js";
import { currentPass } from "../state/state.js";

const SHOWN = 8;

function explain(network, l) {
  const L = network.layers.length - 1;
  if (l === L) {
    return ["Layer ", String(L), " (output): its error is how wrong each output is, ",
      math(null, layered("δ", L), mo("="), partial(c0(), layered("a", L)), mo("⊙"), sigmaPrime(layered("z", L))), "."];
  }
  return ["Layer ", String(l), ": the error of layer ", String(l + 1), " comes back through the lit weights, summed over the paths, ",
    math(null, layered("δ", l), mo("="), mo("("), layered("W", l + 1, { transpose: true }), layered("δ", l + 1), mo(")"), mo("⊙"),
      sigmaPrime(layered("z", l))), "."];
}

function cells(values, quantity, l) {
  const shown = values.slice(0, SHOWN).map((v, j) => el("li", "", `${j}: `, value(v, { "data-quantity": quantity, "data-layer": l, "data-j": j })));
  if (values.length > SHOWN) shown.push(el("li", "muted", `… ${values.length} values`));
  return el("ul", "backward-values", ...shown);
}

export function createBackwardAnimation(root, actions) {
  const field = (name) => root.querySelector(`[data-role=${name}]`);
  const columns = field("backward-columns");
  const caption = field("backward-caption");
  const animate = field("backward-animate");
  const stepButton = field("backward-step");
  const stop = field("backward-stop");
  const clear = field("backward-clear");
  const drawn = createChangeCheck();

  animate.addEventListener("click", () => actions.backwardAnimate());
  stepButton.addEventListener("click", () => actions.backwardStep());
  stop.addEventListener("click", () => actions.backwardStop());
  clear.addEventListener("click", () => actions.backwardClear());

  function render(state) {
    const { network, backward } = state;
    const pass = currentPass(state);
    if (!network || state.chapter.tab !== "backward" || !pass) return;
    const L = network.layers.length - 1;
    const current = backward ? Math.min(backward.layer, L) : null;
    const running = Boolean(backward && backward.running);
    animate.disabled = running;
    stop.disabled = !running;
    clear.disabled = !backward;
    stepButton.textContent = current === null || current <= 1 ? "Start at the output" : "◀ Back one layer";
    root.dataset.backwardLayer = current ?? "";
    root.dataset.running = running ? "true" : "false";
    if (drawn.unchanged([network, pass, current])) return;
    const layers = Array.from({ length: L }, (_, i) => i + 1);
    columns.replaceChildren(...layers.map((l) => {
      const done = current !== null && l >= current;
      const column = el("div", `backward-column${l === current ? " is-current" : ""}${done ? " is-done" : ""}`,
        el("h3", "", `layer ${l}${l === L ? " (output)" : ""}`));
      column.dataset.layer = l;
      if (done) {
        column.append(
          el("p", "small", math(null, partial(c0(), layered("a", l)))), cells(pass.grad_a[l], "backward-grad-a", l),
          el("p", "small", math(null, layered("δ", l))), cells(pass.delta[l - 1], "backward-delta", l));
      } else {
        column.append(el("p", "small muted", current === null ? "not yet" : "waits for the error from the right"));
      }
      return column;
    }));
    if (current === null) {
      caption.replaceChildren("Press Animate (or step) to run the backward pass from the output (right) to layer 1 (left).");
    } else if (current === 1) {
      caption.replaceChildren(...explain(network, 1),
        ` Reached layer 1: every δ is known, so every ∂C₀/∂W = δ aᵀ and ∂C₀/∂b = δ. Passing on to the inputs would give ∂C₀/∂a⁽⁰⁾, which updates nothing.`);
    } else {
      caption.replaceChildren(...explain(network, current));
    }
  }

  return { render };
}
