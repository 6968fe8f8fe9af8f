// Points clicked onto the input plane, as the CSV an upload sends: pure functions of numbers,
// checked without a browser. The plane is [-1, 1] x [-1, 1], x1 to the right and x2 up, as the
// decision-boundary picture draws it.

export const LOW = -1;
export const HIGH = 1;
const DECIMALS = 3;

const round = (v) => Math.round(v * 10 ** DECIMALS) / 10 ** DECIMALS;
const clamp = (v) => Math.min(HIGH, Math.max(LOW, v));

/** The plane point under pixel (px, py) of a width x height canvas (py grows downwards). */
export function toPlane(px, py, width, height) {
  return {
    x1: round(clamp(LOW + (px / width) * (HIGH - LOW))),
    x2: round(clamp(HIGH - (py / height) * (HIGH - LOW))),
  };
}

/** The pixel of a width x height canvas where plane point (x1, x2) is drawn. */
export function toPixel(x1, x2, width, height) {
  return { px: ((x1 - LOW) / (HIGH - LOW)) * width, py: ((HIGH - x2) / (HIGH - LOW)) * height };
}

/** The class a click adds: the chosen one, or the other with Shift held. */
export function clickedClass(chosen, shift) {
  return shift ? 1 - chosen : chosen;
}

/** The points as CSV with a header row: x1,x2,label, one point per line. */
export function pointsCsv(points) {
  return ["x1,x2,label", ...points.map((p) => `${p.x1},${p.x2},${p.label}`)].join("\n") + "\n";
}

/** How many points of each class: [class 0, class 1]. */
export function classCounts(points) {
  const ones = points.filter((p) => p.label === 1).length;
  return [points.length - ones, ones];
}

/** What the learner still needs before a network can learn the points, or "" when they will do. */
export function pointsAdvice(points) {
  const [zeros, ones] = classCounts(points);
  if (points.length === 0) return "Click on the plane to add points.";
  if (zeros === 0 || ones === 0) return `Add points of class ${zeros === 0 ? 0 : 1} too (Shift-click adds the other class).`;
  return "";
}
