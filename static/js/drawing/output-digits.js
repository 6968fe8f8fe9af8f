// The outputs of a digit network, labelled 0-9 beside their neurons, each with a bar of its
// activation a^(L)_d: the predicted digit's bar dark, the true digit's label orange, and a
// "sat" mark where the output is saturated (a ring alone is too small to read at this size).
import { svg } from "../lib/dom.js";
import { formatNumber } from "../lib/format.js";
import { OUTPUT_ROOM } from "./image-layout.js";
import { setAttr, setText } from "../lib/quiet-writes.js";

const argmax = (values) => values.reduce((best, v, i) => (v > values[best] ? i : best), 0);

export function createOutputDigits(parent) {
  const group = svg("g", { class: "output-digits" }, parent);
  let rows = [];
  let track = 0;

  function build(count) {
    group.replaceChildren();
    rows = Array.from({ length: count }, (_, d) => {
      const row = svg("g", { class: "output-digit", "data-output-digit": d, role: "img" }, group);
      const label = svg("text", { class: "output-digit-label", "dominant-baseline": "central" }, row);
      label.textContent = String(d);
      const back = svg("rect", { class: "output-digit-track" }, row);
      const bar = svg("rect", { class: "output-digit-bar", width: 0 }, row);
      const mark = svg("text", { class: "output-digit-mark", "dominant-baseline": "central" }, row);
      const title = svg("title", {}, row);
      return { row, label, back, bar, mark, title };
    });
  }

  /** Beside each output neuron of `geometry` (imageLayout's). */
  function place(geometry) {
    const outputs = geometry.positions.at(-1);
    if (rows.length !== outputs.length) build(outputs.length);
    const r = geometry.radius;
    const spacing = outputs.length > 1 ? outputs[1].y - outputs[0].y : 4 * r;
    const height = Math.max(4, Math.min(12, spacing * 0.42));
    track = Math.max(8, OUTPUT_ROOM - r - 46);
    rows.forEach(({ label, back, bar, mark }, d) => {
      const { x, y } = outputs[d];
      label.setAttribute("x", x + r + 5);
      label.setAttribute("y", y);
      for (const rect of [back, bar]) {
        rect.setAttribute("x", x + r + 17);
        rect.setAttribute("y", y - height / 2);
        rect.setAttribute("height", height);
      }
      back.setAttribute("width", track);
      mark.setAttribute("x", x + r + 20 + track);
      mark.setAttribute("y", y);
    });
  }

  /** `values`: a^(L) (exact, or null before the first pass); `label`: the true digit or null;
   * `flags`: per output, its zero-gradient flags (neuronFlags). */
  function render(values, label, flags) {
    const top = values ? Math.max(1, ...values.filter(Number.isFinite)) : 1;
    const best = values ? argmax(values) : -1;
    rows.forEach(({ row, bar, mark, title }, d) => {
      const a = values ? values[d] : null;
      const share = Number.isFinite(a) ? Math.min(Math.max(a, 0), top) / top : 0;
      setAttr(bar, "width", (share * track).toFixed(2));
      row.dataset.value = a === null ? "" : String(a);
      row.classList.toggle("is-predicted", d === best);
      row.classList.toggle("is-true", d === label);
      const saturated = Boolean(flags && flags[d] && flags[d].length);
      setText(mark, saturated ? (flags[d].includes("dead") ? "dead" : "sat") : "");
      const words = a === null ? `output ${d}` : `output ${d}: a = ${formatNumber(a)}${d === best ? ", predicted" : ""}${d === label ? ", true digit" : ""}${saturated ? `, ${flags[d].join(" ")}` : ""}`;
      setAttr(row, "aria-label", words);
      setText(title, words);
    });
  }

  return { place, render };
}
