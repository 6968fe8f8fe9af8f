// Where an image network's drawing puts things: the input layer is its side x side image on the
// left (one neuron per pixel, at the pixel's centre), the other layers in columns to its right, and
// room right of the outputs for their digit labels and bars. Plain numbers, checked without a browser.
import { BOTTOM, TOP, layout } from "./layout.js";

/** Left of the image. */
const MARGIN = 12;
/** Right of the output column: the digit label, its bar and a "sat" mark. */
export const OUTPUT_ROOM = 100;
/** At most this share of the width goes to the image, so the layers keep room for their edges. */
const IMAGE_SHARE = 0.36;

/** The side of the input image for this network and data set list, or null when it reads no image. */
export function imageSideOf(network, datasets) {
  if (!network || !network.dataset) return null;
  const dataset = (datasets || []).find((d) => d.name === network.dataset);
  const side = dataset && dataset.image_side;
  return side && network.layers[0] === side * side ? side : null;
}

/**
 * layout()'s answer ({radius, positions}) plus `image` ({left, top, size, pixel, side}) and
 * `columns` (each layer's x; the image's centre for layer 0), for a drawing of width x height.
 * Layers 1..L are spaced as layout() spaces them, as if the input were one neuron.
 */
export function imageLayout(layers, width, height, side) {
  const rest = layout([1, ...layers.slice(1)], width, height);
  const usable = Math.max(40, height - TOP - BOTTOM);
  const size = Math.max(side, Math.min(usable, IMAGE_SHARE * (width - MARGIN - OUTPUT_ROOM)));
  const pixel = size / side;
  const image = { left: MARGIN, top: TOP + (usable - size) / 2, size, pixel, side };
  const right = image.left + size;
  const last = layers.length - 1;
  const span = Math.max(0, width - OUTPUT_ROOM - right);
  const columns = layers.map((_, l) => (l === 0 ? image.left + size / 2 : right + (span * l) / last));
  const positions = layers.map((n, l) => (l === 0
    ? Array.from({ length: n }, (_, i) => ({
      x: image.left + ((i % side) + 0.5) * pixel,
      y: image.top + (Math.floor(i / side) + 0.5) * pixel,
    }))
    : rest.positions[l].map((p) => ({ x: columns[l], y: p.y }))));
  // As layout() does: neighbouring columns this close keep their neurons apart.
  const radius = Math.max(3, Math.min(rest.radius, last > 0 ? (span / last) * 0.3 : Infinity));
  return { radius, positions, image, columns };
}

/** The input (row * side + column) under (x, y) in the drawing's pixels, or -1 outside the image. */
export function pixelAt(image, x, y) {
  if (!image) return -1;
  const column = Math.floor((x - image.left) / image.pixel);
  const row = Math.floor((y - image.top) / image.pixel);
  return column >= 0 && row >= 0 && column < image.side && row < image.side ? row * image.side + column : -1;
}
