// The key to the drawing: which colour is which gradient, and the linear/log switch.
import { colorAt, gradientScale, LOG_DECADES } from "./color-scale.js";
import { svg } from "../lib/dom.js";
import { drawnValues, edgeCount, largestMagnitude } from "./drawn-values.js";
import { CANVAS_EDGES } from "./edge-canvas.js";
import { formatNumber } from "../lib/format.js";
import { createPace } from "../lib/live-pace.js";
import { setAttr, setText } from "../lib/quiet-writes.js";

const WIDTH = 360;
const BAR_X = 30;
const BAR_W = WIDTH - 2 * BAR_X;
const STRIPS = 60;

export function createLegend(root, actions) {
  const bar = root.querySelector("[data-role=legend-bar]");
  const note = root.querySelector("[data-role=legend-note]");
  const widthNote = root.querySelector("[data-role=legend-width]");
  bar.setAttribute("viewBox", `0 0 ${WIDTH} 34`);
  const strips = svg("g", {}, bar);
  for (let i = 0; i < STRIPS; i += 1) {
    const position = -1 + (2 * (i + 0.5)) / STRIPS;
    svg("rect", { x: BAR_X + (i * BAR_W) / STRIPS, y: 0, width: BAR_W / STRIPS + 0.5, height: 12, fill: colorAt(position) }, strips);
  }
  const ticks = svg("g", { class: "legend-ticks" }, bar);

  root.querySelectorAll("input[name=scale]").forEach((input) => {
    input.addEventListener("change", () => actions.setScale(input.value));
  });

  let drawn = "";
  // Tick marks and labels, reused while their number stays: a live frame moves and relabels them.
  let marks = [];

  function render(state) {
    const scale = gradientScale(state);
    const values = drawnValues(state);
    const maxWeight = values ? largestMagnitude(values.weights) : 0;
    const onCanvas = Boolean(state.network) && edgeCount(state.network.layers) > CANVAS_EDGES;
    const key = `${scale.mode}:${scale.maxAbs}:${maxWeight}:${onCanvas}`;
    if (key === drawn) return;
    drawn = key;
    root.dataset.scale = scale.mode;
    root.dataset.maxGradient = String(scale.maxAbs);
    for (const input of root.querySelectorAll("input[name=scale]")) input.checked = input.value === scale.mode;
    if (marks.length !== scale.ticks.length) {
      ticks.replaceChildren();
      marks = scale.ticks.map(() => ({
        line: svg("line", { y1: 12, y2: 17, stroke: "#59607a" }, ticks),
        label: svg("text", { y: 29, "text-anchor": "middle", class: "legend-tick" }, ticks),
      }));
    }
    scale.ticks.forEach((tick, i) => {
      const x = BAR_X + ((tick.position + 1) / 2) * BAR_W;
      const { line, label } = marks[i];
      setAttr(line, "x1", x);
      setAttr(line, "x2", x);
      setAttr(label, "x", x);
      setText(label, formatNumber(tick.value, 2));
    });
    setText(note, scale.mode === "log"
      ? `Log scale over ${LOG_DECADES} decades: |∂C₀/∂w| below ${formatNumber(scale.floor, 2)} looks like 0.`
      : "Linear scale: intensity proportional to |∂C₀/∂w|.");
    setText(widthNote, onCanvas
      ? `${edgeCount(state.network.layers).toLocaleString("en")} weights: one pixel wide each, the strongest gradients drawn on top; largest |w| = ${formatNumber(maxWeight, 3)}.`
      : `Width ∝ |w|; the thickest edge has |w| = ${formatNumber(maxWeight, 3)}.`);
  }

  // Live at full speed the numbers of the key change at most READOUT_FPS times a second.
  return { render: createPace(render).render };
}
