// The edges of a big network on one canvas, rasterised by hand into an ImageData. Measured in
// headless Chromium without a GPU: stroking 17,024 lines through the 2-D context takes
// 35-100 ms a frame, however they are batched; writing their pixels from a typed array takes under
// 10. Edges are drawn weakest gradient first, so the strongest stay on top; the colours are those of
// color-scale.js quantised to STEPS levels per sign.
import { colorRgb } from "./color-scale.js";

/** Above this many weights the drawing is a canvas: one SVG element per weight stops being cheap to
 * recolour 30 times a second. Measured live in headless Chromium on 2 shared cores: 64-16-16-10
 * (1,440 weights) as SVG drew 15 of the 21 frames/s the server sent, 12 ms of script a frame plus
 * the browser's own restyling; as a canvas, 41 of 42, 2.6 ms a frame. 2-24-24-1 (648) as SVG: 39. */
export const CANVAS_EDGES = 1000;
const STEPS = 32;
/** How far (in CSS pixels) from an edge a click still picks it. */
const PICK_DISTANCE = 6;

/** Pixels of every edge kept from one layout to the next (4 bytes each) up to this many; beyond,
 * each frame walks the lines again. The 784-16-16-10 drawing has about 1.3 million. */
const MAX_KEPT_PIXELS = 4_000_000;

const inside = (value, size) => Math.max(0, Math.min(size - 1, value));

/** How many steps edge i's line takes: one pixel per step along its longer axis. */
function lineSteps(segments, i) {
  return Math.ceil(Math.max(Math.abs(segments[4 * i + 2] - segments[4 * i]), Math.abs(segments[4 * i + 3] - segments[4 * i + 1]))) || 1;
}

/**
 * The pixels of edge i (ends at segments[4i..4i+3], inside a canvas `width` wide) as indices into
 * the canvas's pixels, written to `out` from `at`; returns where they end. One pixel per step along
 * the longer axis, both ends included.
 */
export function linePixels(segments, i, width, out, at) {
  const x0 = segments[4 * i];
  const y0 = segments[4 * i + 1];
  const dx = segments[4 * i + 2] - x0;
  const dy = segments[4 * i + 3] - y0;
  const steps = lineSteps(segments, i);
  const sx = dx / steps;
  const sy = dy / steps;
  let x = x0 + 0.5;
  let y = y0 + 0.5;
  let n = at;
  for (let s = 0; s <= steps; s += 1) {
    out[n] = (y | 0) * width + (x | 0);
    n += 1;
    x += sx;
    y += sy;
  }
  return n;
}

export function createEdgeCanvas(figure) {
  const canvas = document.createElement("canvas");
  canvas.className = "edge-canvas";
  canvas.setAttribute("aria-hidden", "true");
  canvas.hidden = true;
  figure.prepend(canvas);
  const context = canvas.getContext("2d");
  let segments = new Float32Array(0);
  let layerStarts = [];
  let columns = [];
  let image = null;
  let pixels = null;
  let key = new Uint8Array(0);
  let order = new Int32Array(0);
  let drawn = null;
  // Where each edge's pixels are in `kept` (edge i: kept[first[i]] up to kept[first[i + 1]]), found
  // once per layout, so a frame only writes colours; null above MAX_KEPT_PIXELS.
  let first = null;
  let kept = null;
  let scratch = new Int32Array(0);
  const starts = new Int32Array(STEPS + 1);

  // Packed ABGR (ImageData is RGBA bytes, little-endian words): index sign * STEPS + level.
  const palette = new Uint32Array(2 * STEPS);
  for (let s = 0; s < 2; s += 1) {
    for (let q = 0; q < STEPS; q += 1) {
      const [r, g, b] = colorRgb(s ? 1 : -1, q / (STEPS - 1));
      palette[s * STEPS + q] = (255 << 24 | b << 16 | g << 8 | r) >>> 0;
    }
  }

  return {
    /**
     * Lays the edges out between `positions` (null: the drawing is SVG, hide the canvas). `hiddenLeft`:
     * the x up to which the input layer's edges are covered (by the input image), so they start there:
     * 12,544 of a 784-16-16-10 net's 12,960 edges start under its image, and half their pixels would be
     * painted for nothing.
     */
    place(positions, width, height, hiddenLeft = 0) {
      canvas.hidden = !positions;
      if (!positions) return;
      const w = Math.max(1, Math.round(width));
      const h = Math.max(1, Math.round(height));
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      image = context.createImageData(w, h);
      pixels = new Uint32Array(image.data.buffer);
      let count = 0;
      for (let l = 1; l < positions.length; l += 1) count += positions[l].length * positions[l - 1].length;
      segments = new Float32Array(4 * count);
      key = new Uint8Array(count);
      order = new Int32Array(count);
      layerStarts = [];
      columns = positions.map((column) => column[0].x);
      let at = 0;
      for (let l = 1; l < positions.length; l += 1) {
        layerStarts.push(at / 4);
        for (const to of positions[l]) {
          for (const from of positions[l - 1]) {
            // The visible part of an edge that starts under the image: from where it leaves it.
            const t = l === 1 && from.x < hiddenLeft && to.x > hiddenLeft ? (hiddenLeft - from.x) / (to.x - from.x) : 0;
            // Ends kept inside the canvas, so drawing needs no bounds check per pixel.
            segments[at] = inside(from.x + t * (to.x - from.x), w);
            segments[at + 1] = inside(from.y + t * (to.y - from.y), h);
            segments[at + 2] = inside(to.x, w);
            segments[at + 3] = inside(to.y, h);
            at += 4;
          }
        }
      }
      layerStarts.push(count);
      let total = 0;
      for (let i = 0; i < count; i += 1) {
        total += lineSteps(segments, i) + 1;
      }
      first = null;
      kept = null;
      if (total <= MAX_KEPT_PIXELS) {
        first = new Int32Array(count + 1);
        kept = new Int32Array(total);
        for (let i = 0, n = 0; i < count; i += 1) {
          first[i] = n;
          n = linePixels(segments, i, w, kept, n);
          first[i + 1] = n;
        }
      } else {
        scratch = new Int32Array(w + h + 2);
      }
      drawn = null;
    },

    /** Colours every edge by its gradient (flat order) on `scale`; all neutral without gradients. */
    draw(gradients, scale) {
      if (!image) return;
      // A click on a weight redraws the view with the same gradients: 12,960 edges are not repainted for it.
      if (drawn && drawn.gradients === gradients && drawn.maxAbs === scale.maxAbs && drawn.mode === scale.mode) return;
      drawn = { gradients, maxAbs: scale.maxAbs, mode: scale.mode };
      const count = key.length;
      const width = image.width;
      pixels.fill(0);
      // A counting sort by intensity: weak edges first, so strong ones are painted over them.
      starts.fill(0);
      for (let i = 0; i < count; i += 1) {
        const g = gradients ? gradients[i] : 0;
        const level = Math.round(scale.intensity(g) * (STEPS - 1));
        key[i] = (g > 0 ? STEPS : 0) + level;
        starts[level + 1] += 1;
      }
      for (let q = 0; q < STEPS; q += 1) starts[q + 1] += starts[q];
      for (let i = 0; i < count; i += 1) order[starts[key[i] % STEPS]++] = i;
      for (let n = 0; n < count; n += 1) {
        const i = order[n];
        const colour = palette[key[i]];
        if (kept) {
          for (let p = first[i], end = first[i + 1]; p < end; p += 1) pixels[kept[p]] = colour;
        } else {
          const end = linePixels(segments, i, width, scratch, 0);
          for (let p = 0; p < end; p += 1) pixels[scratch[p]] = colour;
        }
      }
      context.putImageData(image, 0, 0);
    },

    /** The flat index of the edge nearest (x, y) in CSS pixels of the drawing, or -1 if none is near. */
    nearest(x, y) {
      let best = -1;
      let bestDistance = PICK_DISTANCE;
      for (let l = 1; l < columns.length; l += 1) {
        if (x < columns[l - 1] - PICK_DISTANCE || x > columns[l] + PICK_DISTANCE) continue;
        for (let i = layerStarts[l - 1]; i < layerStarts[l]; i += 1) {
          const x0 = segments[4 * i];
          const y0 = segments[4 * i + 1];
          const dx = segments[4 * i + 2] - x0;
          const dy = segments[4 * i + 3] - y0;
          const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy || 1)));
          const distance = Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy));
          if (distance < bestDistance) {
            bestDistance = distance;
            best = i;
          }
        }
      }
      return best;
    },
  };
}
