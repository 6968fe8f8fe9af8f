// An image network's view of the current example (digits 8x8, mnist 28x28: the data set's
// image_side): the input image, the 10 output activations as bars, the digit it predicts (the
// largest output) and the true one, and the accuracy on the train and test splits.
import { svg } from "../lib/dom.js";
import { drawnValues } from "../drawing/drawn-values.js";
import { createEvaluationView } from "./evaluation-view.js";
import { formatCompact } from "../lib/format.js";
import { imageSideOf } from "../drawing/image-layout.js";
import { setAttr, setHidden, setText } from "../lib/quiet-writes.js";

const DIGITS = 10;
const BAR = { width: 22, gap: 6, height: 80, label: 16, top: 14 };

const argmax = (values) => values.reduce((best, v, i) => (v > values[best] ? i : best), 0);

/** A pixel of ink in [0, 1] as a grey: 0 paper white, 1 black. */
function grey(value) {
  const level = Math.round(255 * (1 - Math.min(1, Math.max(0, value))));
  return `rgb(${level}, ${level}, ${level})`;
}

export function createDigitView(root) {
  const image = root.querySelector("[data-role=digit-image]");
  const bars = root.querySelector("[data-role=digit-bars]");
  const predicted = root.querySelector("[data-role=predicted-digit]");
  const truth = root.querySelector("[data-role=true-digit]");
  const verdict = root.querySelector("[data-role=digit-verdict]");
  const evaluation = createEvaluationView(root.querySelector(".evaluation-block"));

  let side = 0;
  let pixels = [];

  /** One rect per pixel, built again only when the side changes. */
  function buildImage(n) {
    side = n;
    drawnX = null;
    image.setAttribute("viewBox", `0 0 ${n} ${n}`);
    image.dataset.side = String(n);
    image.replaceChildren();
    pixels = Array.from({ length: n * n }, (_, i) => svg("rect", {
      x: i % n, y: Math.floor(i / n), width: 1.02, height: 1.02, class: "digit-pixel", "data-index": i,
    }, image));
  }

  const width = DIGITS * (BAR.width + BAR.gap) - BAR.gap;
  bars.setAttribute("viewBox", `0 0 ${width} ${BAR.top + BAR.height + BAR.label}`);
  const baseline = BAR.top + BAR.height;
  svg("line", { x1: 0, x2: width, y1: baseline, y2: baseline, class: "digit-baseline" }, bars);
  const columns = Array.from({ length: DIGITS }, (_, digit) => {
    const x = digit * (BAR.width + BAR.gap);
    const group = svg("g", { class: "digit-bar", "data-digit": digit }, bars);
    const rect = svg("rect", { x, width: BAR.width, y: baseline, height: 0 }, group);
    const number = svg("text", { x: x + BAR.width / 2, y: baseline, class: "digit-bar-value", "text-anchor": "middle" }, group);
    const label = svg("text", { x: x + BAR.width / 2, y: baseline + BAR.label - 3, class: "digit-bar-label", "text-anchor": "middle" }, group);
    label.textContent = String(digit);
    return { group, rect, number };
  });

  let shown = { activations: null, pass: null, side: 0 };
  let drawnX = null;

  function render(state) {
    const { network, pass, frame } = state;
    const n = imageSideOf(network, state.datasets);
    setHidden(root, !n);
    if (!n) return;
    if (n !== side) buildImage(n);
    evaluation.render(state);
    // While training streams, the newest frame's activations; otherwise the current pass's.
    const values = drawnValues(state);
    const activations = values && values.activations;
    if (activations === shown.activations && pass === shown.pass && side === shown.side) return;
    shown = { activations, pass, side };
    // Live, the true digit comes from the pass only once the pass is of the frame's example (after
    // Prev/Next the new stream's first frame can arrive before the new pass).
    const sameExample = !(values && values.live) || Boolean(pass && pass.example === frame.example);
    const ready = Boolean(activations && pass && sameExample && network.layers.at(-1) === DIGITS);
    // The image is the pass's x (exact: a float32 frame rounds mnist's k/255); the bars and the
    // prediction use the frame's float64 output, not its float32 activations.
    const x = ready ? pass.x : new Array(side * side).fill(0);
    const exactOutput = values && values.live ? frame.output.map((v) => (v === null ? NaN : v))
      : Array.from(activations ? activations.subarray(activations.length - DIGITS) : []);
    const output = ready ? exactOutput : new Array(DIGITS).fill(0);
    // A live frame keeps its example: 784 rects are rewritten only when the pixels change.
    if (drawnX !== x || image.dataset.ready !== String(ready)) {
      drawnX = x;
      image.dataset.ready = String(ready);
      image.dataset.pixels = ready ? JSON.stringify(x) : "";
      pixels.forEach((rect, i) => {
        rect.setAttribute("fill", grey(x[i]));
        rect.dataset.value = ready ? String(x[i]) : "";
      });
    }
    const best = argmax(output);
    const label = ready ? argmax(pass.y) : null;
    const top = Math.max(1, ...output.filter(Number.isFinite));
    columns.forEach(({ group, rect, number }, digit) => {
      const a = output[digit];
      const h = Number.isFinite(a) ? (Math.min(Math.max(a, 0), top) / top) * BAR.height : 0;
      // Written only when they change: each write restyles and lays out the bar.
      setAttr(rect, "y", BAR.top + BAR.height - h);
      setAttr(rect, "height", h);
      setAttr(number, "y", BAR.top + BAR.height - h - 3);
      setText(number, ready ? formatCompact(a) : "");
      group.dataset.value = ready ? String(a) : "";
      group.classList.toggle("is-predicted", ready && digit === best);
      group.classList.toggle("is-true", ready && digit === label);
    });
    setText(predicted, ready ? String(best) : "—");
    predicted.dataset.value = ready ? String(best) : "";
    setText(truth, ready ? String(label) : "—");
    truth.dataset.value = ready ? String(label) : "";
    setText(verdict, !ready ? "" : best === label ? "right" : "wrong");
    setAttr(verdict, "data-kind", !ready ? "" : best === label ? "right" : "wrong");
    setAttr(image, "aria-label", ready ? `The input: a ${side}×${side} image of a handwritten ${label}` : "The input image");
  }

  return { render };
}
