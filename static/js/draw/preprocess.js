// A drawing turned into the input a digit network was trained on. Pure (no DOM), so node tests it.
//
// `ink` is the drawing's bitmap, row by row, one number per pixel in [0, 1] (0 paper, 1 full ink:
// the canvas's alpha). Two recipes, one per data set:
// - MNIST (28x28): the stroke's bounding box is scaled to fit a 20x20 box keeping its aspect
//   ratio, area-averaged down (which anti-aliases it into grey levels), scaled so its darkest
//   pixel is 1, and placed in the 28x28 field so that its centre of mass is the field's centre,
//   as LeCun, Cortes and Burges describe making MNIST from NIST's binary images.
// - UCI optdigits (8x8): the binary stroke is fitted into a 32x32 bitmap (aspect kept, centred by
//   its bounding box), and the ink pixels of each 4x4 block are counted, 0..16, divided by 16.

export const MNIST = { side: 28, box: 20 };
export const UCI = { side: 8, bitmap: 32, block: 4 };

/** The bounding box {x0, y0, x1, y1} (ends exclusive) of the pixels with ink above `threshold`, or null. */
export function inkBox(ink, width, height, threshold = 0) {
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (ink[y * width + x] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/**
 * For each of `count` output pixels spanning [start, start + length) of the source axis: the
 * source pixels it covers and the share of the output pixel each covers (they add up to 1).
 */
function axisWeights(start, length, count) {
  const end = start + length;
  return Array.from({ length: count }, (_, o) => {
    const from = start + (o * length) / count;
    // The last pixel ends exactly at the box's end: rounding must not reach a pixel past it.
    const to = o === count - 1 ? end : start + ((o + 1) * length) / count;
    const parts = [];
    for (let i = Math.floor(from); i < to && i < Math.ceil(end); i += 1) {
      const overlap = Math.min(to, i + 1) - Math.max(from, i);
      if (overlap > 0) parts.push([i, overlap / (to - from)]);
    }
    return parts;
  });
}

/**
 * The box `rect` {x, y, width, height} of the `width` x `height` image `src`, area-averaged onto
 * `outWidth` x `outHeight` pixels: each output pixel is the mean of the source over the area it covers.
 */
export function areaResample(src, width, rect, outWidth, outHeight) {
  const columns = axisWeights(rect.x, rect.width, outWidth);
  const rows = axisWeights(rect.y, rect.height, outHeight);
  const out = new Float64Array(outWidth * outHeight);
  rows.forEach((rowParts, oy) => {
    columns.forEach((columnParts, ox) => {
      let sum = 0;
      for (const [y, wy] of rowParts) {
        for (const [x, wx] of columnParts) sum += wy * wx * src[y * width + x];
      }
      out[oy * outWidth + ox] = sum;
    });
  });
  return out;
}

/** The centre of mass {x, y} of an image, pixel (row r, column c) standing at (c + 0.5, r + 0.5); null without ink. */
export function centreOfMass(image, width, height) {
  let mass = 0, sx = 0, sy = 0;
  for (let r = 0; r < height; r += 1) {
    for (let c = 0; c < width; c += 1) {
      const v = image[r * width + c];
      mass += v;
      sx += v * (c + 0.5);
      sy += v * (r + 0.5);
    }
  }
  return mass > 0 ? { x: sx / mass, y: sy / mass } : null;
}

/** The size the box `box` takes when its longer side is scaled to `fit` pixels, aspect ratio kept. */
function fitted(box, fit) {
  const w = box.x1 - box.x0, h = box.y1 - box.y0;
  const scale = fit / Math.max(w, h);
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/** `small` (w x h) written into a side x side field at (left, top). */
function placed(small, w, h, side, left, top) {
  const field = new Array(side * side).fill(0);
  for (let r = 0; r < h; r += 1) {
    for (let c = 0; c < w; c += 1) field[(top + r) * side + left + c] = small[r * w + c];
  }
  return field;
}

const rectOf = (box) => ({ x: box.x0, y: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0 });
const clamp = (v, low, high) => Math.max(low, Math.min(high, v));

/**
 * The 784 MNIST-like inputs (row by row, in [0, 1]) of a drawing, or null for an empty one. The
 * centre of mass lands within half a pixel of (14, 14) unless that would push ink off the field
 * (a lopsided drawing): then the ink stays whole and as near the centre as it can be.
 */
export function toMnist(ink, width, height) {
  const box = inkBox(ink, width, height);
  if (!box) return null;
  const size = fitted(box, MNIST.box);
  const small = areaResample(ink, width, rectOf(box), size.width, size.height);
  const darkest = Math.max(...small);
  for (let i = 0; i < small.length; i += 1) small[i] = Math.min(1, small[i] / darkest);
  const mass = centreOfMass(small, size.width, size.height);
  const middle = MNIST.side / 2;
  const left = clamp(Math.round(middle - mass.x), 0, MNIST.side - size.width);
  const top = clamp(Math.round(middle - mass.y), 0, MNIST.side - size.height);
  return placed(small, size.width, size.height, MNIST.side, left, top);
}

/** The 64 UCI-optdigits-like inputs (row by row, multiples of 1/16) of a drawing, or null for an empty one. */
export function toUciDigits(ink, width, height) {
  // The UCI bitmaps are binary: ink is where the stroke covers at least half a pixel.
  const box = inkBox(ink, width, height, 0.5);
  if (!box) return null;
  const binary = Array.from(ink, (v) => (v > 0.5 ? 1 : 0));
  const size = fitted(box, UCI.bitmap);
  const coverage = areaResample(binary, width, rectOf(box), size.width, size.height);
  const bits = Array.from(coverage, (v) => (v >= 0.5 ? 1 : 0));
  const bitmap = placed(bits, size.width, size.height, UCI.bitmap,
    Math.floor((UCI.bitmap - size.width) / 2), Math.floor((UCI.bitmap - size.height) / 2));
  const out = new Array(UCI.side * UCI.side).fill(0);
  for (let r = 0; r < UCI.bitmap; r += 1) {
    for (let c = 0; c < UCI.bitmap; c += 1) {
      out[Math.floor(r / UCI.block) * UCI.side + Math.floor(c / UCI.block)] += bitmap[r * UCI.bitmap + c];
    }
  }
  return out.map((count) => count / (UCI.block * UCI.block));
}

/** The inputs of a network whose images are side x side (28: MNIST, 8: UCI digits), or null. */
export function drawingInputs(ink, width, height, side) {
  if (side === MNIST.side) return toMnist(ink, width, height);
  if (side === UCI.side) return toUciDigits(ink, width, height);
  return null;
}
