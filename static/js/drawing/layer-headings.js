// The drawing's layer headings ("layer 2" over "sigmoid"), shortened as the columns get narrow so
// neighbours never run into each other: "layer 0layer 1layer 2" on a phone, or ten layers across
// a projector's 1024 px. The full words stay in each heading's <title> (a tooltip, read aloud).
import { svg } from "../lib/dom.js";

const SHORT_ACTIVATION = { sigmoid: "σ", tanh: "tanh", relu: "ReLU", linear: "lin" };
/** Room left between two neighbouring headings, in pixels. */
export const HEADING_GAP = 8;

/**
 * The ways to write layer l's heading, longest first: {title, sub}. `role`: "input", "hidden" or
 * "output"; `activation`: the layer's activation (none for the input).
 */
export function headingVariants(l, role, activation = "") {
  const short = SHORT_ACTIVATION[activation] || activation;
  const full = role === "input" ? "input" : role === "output" ? `output · ${activation}` : activation;
  const brief = role === "input" ? "input" : role === "output" ? `out · ${short}` : short;
  const least = role === "input" ? "in" : role === "output" ? "out" : short;
  return [
    { title: `layer ${l}`, sub: full },
    { title: `layer ${l}`, sub: brief },
    { title: `L${l}`, sub: least },
    { title: String(l), sub: "" },
  ];
}

/** The full words of layer l's heading, for its tooltip. */
export function headingTitle(l, role, activation = "") {
  const what = role === "input" ? "input" : role === "output" ? `output layer, ${activation}` : `hidden layer, ${activation}`;
  return `layer ${l}: ${what}`;
}

/**
 * Which variant (an index into every layer's variants) to draw: the longest one with which no two
 * neighbouring headings, centred at `xs`, come closer than HEADING_GAP and none leaves 0..width.
 * `measure(text, part)` gives a text's drawn width (`part`: "title" or "sub"). The shortest is
 * used when none fits.
 */
export function fitHeadings(xs, width, variants, measure) {
  const levels = Math.min(...variants.map((v) => v.length));
  for (let level = 0; level < levels; level += 1) {
    const half = variants.map((v) => Math.max(measure(v[level].title, "title"), measure(v[level].sub, "sub")) / 2);
    const inside = xs.every((x, l) => x - half[l] >= 0 && x + half[l] <= width);
    const apart = xs.every((x, l) => l === 0 || x - xs[l - 1] >= half[l - 1] + half[l] + HEADING_GAP);
    if (inside && apart) return level;
  }
  return levels - 1;
}

/**
 * The headings as SVG in `parent`: one <g data-layer-heading="l"> per layer with its <title>, its
 * heading and its role. `build(layers)` takes [{role, activation}] per layer; `place(xs, width)`
 * centres them on the columns and picks the variant that fits (measured in the page's font).
 */
export function createLayerHeadings(parent) {
  let headings = [];

  function build(layers) {
    parent.replaceChildren();
    headings = layers.map(({ role, activation }, l) => {
      const group = svg("g", { class: "layer-heading", "data-layer-heading": l }, parent);
      svg("title", {}, group).textContent = headingTitle(l, role, activation);
      const title = svg("text", { y: 18, "text-anchor": "middle", class: "layer-label" }, group);
      const sub = svg("text", { y: 35, "text-anchor": "middle", class: "layer-sublabel" }, group);
      return { group, title, sub, variants: headingVariants(l, role, activation) };
    });
  }

  // Measured on the page's own text elements, so the font and size are the ones drawn.
  function measure(text, part) {
    if (!text || !headings.length) return 0;
    const probe = part === "title" ? headings[0].title : headings[0].sub;
    const before = probe.textContent;
    probe.textContent = text;
    const width = probe.getComputedTextLength();
    probe.textContent = before;
    return width;
  }

  function place(xs, width) {
    if (!headings.length) return;
    const level = fitHeadings(xs, width, headings.map((h) => h.variants), measure);
    headings.forEach((h, l) => {
      const { title, sub } = h.variants[level];
      h.title.textContent = title;
      h.sub.textContent = sub;
      h.title.setAttribute("x", xs[l]);
      h.sub.setAttribute("x", xs[l]);
      h.group.dataset.level = String(level);
    });
  }

  return { build, place };
}
