// The drawing's layer headings shorten as the columns narrow: the longest wording with which no two
// neighbours come closer than HEADING_GAP and none leaves the drawing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HEADING_GAP, fitHeadings, headingTitle, headingVariants } from "../../static/js/drawing/layer-headings.js";

// A stand-in font: 9 px per character in a heading, 7 in its role line.
const measure = (text, part) => text.length * (part === "title" ? 9 : 7);
const roles = (sizes, hidden = "sigmoid", output = "sigmoid") => sizes.map((_, l) => (
  l === 0 ? headingVariants(l, "input")
    : headingVariants(l, l === sizes.length - 1 ? "output" : "hidden", l === sizes.length - 1 ? output : hidden)));
const columns = (count, width, margin = 70) => Array.from({ length: count }, (_, l) => margin + (l * (width - 2 * margin)) / (count - 1));

test("the wordings of a layer, longest first", () => {
  assert.deepEqual(headingVariants(3, "output", "sigmoid"), [
    { title: "layer 3", sub: "output · sigmoid" },
    { title: "layer 3", sub: "out · σ" },
    { title: "L3", sub: "out" },
    { title: "3", sub: "" },
  ]);
  assert.deepEqual(headingVariants(0, "input").map((v) => v.sub), ["input", "input", "in", ""]);
  assert.deepEqual(headingVariants(2, "hidden", "relu").map((v) => v.sub), ["relu", "ReLU", "ReLU", ""]);
  assert.equal(headingTitle(3, "output", "sigmoid"), "layer 3: output layer, sigmoid");
  assert.equal(headingTitle(1, "hidden", "tanh"), "layer 1: hidden layer, tanh");
});

test("a 2-3-3-1 network on a wide drawing keeps the full words", () => {
  const xs = columns(4, 900);
  assert.equal(fitHeadings(xs, 900, roles([2, 3, 3, 1]), measure), 0);
});

test("a 2-3-3-1 network on a phone drops to shorter words, and they do not touch", () => {
  const width = 350;
  const xs = columns(4, width);
  const variants = roles([2, 3, 3, 1]);
  const level = fitHeadings(xs, width, variants, measure);
  assert.ok(level > 0, "full words would overlap at 70 px apart");
  const half = variants.map((v) => Math.max(measure(v[level].title, "title"), measure(v[level].sub, "sub")) / 2);
  for (let l = 1; l < xs.length; l += 1) assert.ok(xs[l] - xs[l - 1] >= half[l - 1] + half[l] + HEADING_GAP);
  // And no longer wording would have fitted.
  const longer = variants.map((v) => Math.max(measure(v[level - 1].title, "title"), measure(v[level - 1].sub, "sub")) / 2);
  const fits = xs.every((x, l) => x - longer[l] >= 0 && x + longer[l] <= width
    && (l === 0 || x - xs[l - 1] >= longer[l - 1] + longer[l] + HEADING_GAP));
  assert.equal(fits, false);
});

test("ten layers across a projector's middle column use the shortest that fits", () => {
  const sizes = [2, 4, 4, 4, 4, 4, 4, 4, 4, 1];
  const width = 430;
  const level = fitHeadings(columns(10, width), width, roles(sizes), measure);
  // 32 px apart: "L9"/"σ" are 18 px wide, so they fit; "layer 9" (63 px) does not.
  assert.equal(level, 2);
});

test("when nothing fits, the shortest wording is used", () => {
  const xs = [5, 10, 15];
  assert.equal(fitHeadings(xs, 20, roles([1, 1, 1]), measure), 3);
});

test("a heading must stay inside the drawing", () => {
  // Far apart, but the output's "output · sigmoid" (112 px) would cross the right edge at x = 480.
  const xs = [20, 250, 480];
  assert.ok(fitHeadings(xs, 500, roles([2, 3, 1]), measure) >= 1);
});
