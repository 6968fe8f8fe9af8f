// "Draw your own digit": a canvas for mouse, pen and touch (pointer events), the true-digit picker,
// Clear, and "Learn from this one". Shown for a network whose data set is square images (digits
// 8x8, mnist 28x28). The canvas carries the exact input the page sends as data-drawn-x.
import { el } from "../lib/dom.js";
import { formatNumber, fullPrecision } from "../lib/format.js";
import { datasetOf, drawnExample } from "../state/state.js";
import { drawingInputs } from "./preprocess.js";
import { setAttr, setDisabled, setHidden, setText } from "../lib/quiet-writes.js";

const DIGITS = 10;
/** Stroke width as a share of the pad's side: a digit drawn to fill the pad has MNIST's ~2.5-pixel strokes. */
const STROKE = 1 / 12;

/** The image side of the network's data set, when the network reads those images; else null. */
function imageSide(state) {
  const dataset = datasetOf(state);
  const side = dataset && dataset.image_side;
  const { network } = state;
  return side && network.layers[0] === side * side && network.layers.at(-1) === DIGITS ? side : null;
}

export function createDrawPad(root, actions) {
  const find = (role) => root.querySelector(`[data-role=${role}]`);
  const canvas = root.querySelector("[data-draw-canvas]");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const preview = find("draw-preview");
  const previewContext = preview.getContext("2d");
  const labels = find("draw-labels");
  const hint = find("draw-hint");
  const useButton = find("draw-use");
  const learnButton = find("draw-learn");
  const learned = find("draw-learned");
  const pad = { side: null, x: null, label: null, pointer: null, last: null, networkId: null };

  const labelButtons = Array.from({ length: DIGITS }, (_, d) => {
    const button = el("button", "draw-label", String(d));
    Object.assign(button, { type: "button" });
    button.dataset.label = d;
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      pad.label = d;
      if (pad.x) actions.useDrawing(pad.x, d);
      else render(lastState);
    });
    labels.append(button);
    return button;
  });

  function point(event) {
    const box = canvas.getBoundingClientRect();
    return { x: ((event.clientX - box.left) * canvas.width) / box.width, y: ((event.clientY - box.top) * canvas.height) / box.height };
  }

  function dot({ x, y }) {
    context.beginPath();
    context.arc(x, y, (canvas.width * STROKE) / 2, 0, 2 * Math.PI);
    context.fill();
  }

  function line(from, to) {
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
  }

  canvas.addEventListener("pointerdown", (event) => {
    if (pad.pointer !== null || (event.pointerType === "mouse" && event.button !== 0)) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    Object.assign(context, { lineWidth: canvas.width * STROKE, lineCap: "round", lineJoin: "round", strokeStyle: "#111", fillStyle: "#111" });
    pad.pointer = event.pointerId;
    pad.last = point(event);
    dot(pad.last);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (event.pointerId !== pad.pointer) return;
    // A pen or a fast mouse reports more points than events: draw them all.
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    for (const e of events.length ? events : [event]) {
      const next = point(e);
      line(pad.last, next);
      pad.last = next;
    }
  });
  const finish = (event) => {
    if (event.pointerId !== pad.pointer) return;
    pad.pointer = null;
    strokeDone();
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);

  /** The canvas's ink (its alpha) turned into the network's inputs; the drawing becomes current once labelled. */
  function strokeDone() {
    const { width, height } = canvas;
    const rgba = context.getImageData(0, 0, width, height).data;
    const ink = new Float64Array(width * height);
    for (let i = 0; i < ink.length; i += 1) ink[i] = rgba[4 * i + 3] / 255;
    pad.x = drawingInputs(ink, width, height, pad.side);
    showInputs();
    if (pad.x && pad.label !== null) actions.useDrawing(pad.x, pad.label);
    else render(lastState);
  }

  function showInputs() {
    if (pad.x) canvas.dataset.drawnX = JSON.stringify(pad.x);
    else delete canvas.dataset.drawnX;
    const side = pad.side || 1;
    preview.width = preview.height = side;
    const image = previewContext.createImageData(side, side);
    (pad.x || []).forEach((v, i) => {
      const level = Math.round(255 * (1 - v));
      image.data.set([level, level, level, 255], 4 * i);
    });
    if (!pad.x) image.data.fill(255);
    previewContext.putImageData(image, 0, 0);
  }

  function clear() {
    context.clearRect(0, 0, canvas.width, canvas.height);
    pad.x = null;
    pad.label = null;
    pad.pointer = null;
    showInputs();
  }

  find("draw-clear").addEventListener("click", () => {
    clear();
    actions.leaveDrawing();
    render(lastState);
  });
  useButton.addEventListener("click", () => {
    if (pad.x && pad.label !== null) actions.useDrawing(pad.x, pad.label);
  });
  learnButton.addEventListener("click", () => actions.learnFromDrawing());

  function showLearned(state, drawn) {
    const { learned: done, network } = state;
    const current = Boolean(done && drawn && done.networkId === network.id && done.version === network.version
      && done.drawnId === drawn.id);
    setHidden(learned, !current);
    if (!current) return;
    const cell = (tag, text, v) => {
      const c = el(tag, "", text);
      if (v !== undefined) c.dataset.value = fullPrecision(v);
      return c;
    };
    const row = (name, values) => el("tr", "", el("th", "", name),
      ...values.map((v, d) => cell("td", formatNumber(v, 2), v)));
    const before = row("before", done.outputBefore);
    const after = row("after", done.outputAfter);
    before.dataset.role = "learned-before";
    after.dataset.role = "learned-after";
    const costs = el("p", "small", `One step at η = ${done.learningRate} on your ${done.label}: C₀ `,
      cell("b", formatNumber(done.costBefore, 4), done.costBefore), " → ", cell("b", formatNumber(done.costAfter, 4), done.costAfter),
      ". The network was saved; the drawing and the panel show it after the step.");
    costs.dataset.role = "learned-costs";
    const head = el("tr", "", el("th", "", "a(L)"), ...Array.from({ length: DIGITS }, (_, d) => cell("th", String(d))));
    learned.replaceChildren(costs, el("div", "draw-learned-scroll", el("table", "draw-learned-table", el("thead", "", head), el("tbody", "", before, after))));
  }

  let lastState = null;

  function render(state) {
    lastState = state;
    const side = state && state.network ? imageSide(state) : null;
    setHidden(root, side === null);
    if (side === null) return;
    // Another network: a drawing made for it may have another size, and its label another meaning.
    if (side !== pad.side || state.network.id !== pad.networkId) {
      pad.side = side;
      pad.networkId = state.network.id;
      clear();
      canvas.setAttribute("aria-label", `Drawing pad: draw a digit; it becomes a ${side}×${side} input`);
    }
    const drawn = drawnExample(state);
    if (drawn) pad.label = drawn.label;
    labelButtons.forEach((button, d) => setAttr(button, "aria-pressed", String(pad.label === d)));
    root.dataset.current = drawn ? "drawn" : "";
    setHidden(useButton, Boolean(drawn) || !pad.x || pad.label === null);
    setDisabled(learnButton, !drawn || state.training);
    setText(hint, !pad.x ? "Draw a digit with the mouse, a pen or a finger."
      : pad.label === null ? "Which digit is it? Pick its true label: the cost and every gradient need it."
        : drawn ? `Your ${drawn.label} is the current example: the outputs, the drawing and the panel are for it.`
          : "Your drawing is on the pad; the page shows a data-set row. Use my drawing brings it back.");
    showLearned(state, drawn);
  }

  return { render };
}
