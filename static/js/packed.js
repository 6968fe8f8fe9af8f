// Arrays the server sends "packed" (see app/schemas_live.py): a list of numbers with null where a
// value is not finite, or one base64 string of little-endian float32.

/** The numbers of a packed array; NaN where the server sent null. */
export function unpack(packed) {
  if (typeof packed !== "string") return packed.map((v) => (v === null ? NaN : v));
  const text = atob(packed);
  const view = new DataView(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i += 1) view.setUint8(i, text.charCodeAt(i));
  return Array.from({ length: text.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
}

/**
 * Exposes a picture's values in data-values for tests and tools. A live frame's picture is
 * replaced by the exact one when training pauses, so it is not written out: at 60 frames a second
 * serialising every value would cost more than drawing them.
 */
export function exposeValues(element, values, picture) {
  element.dataset.live = picture.live ? "true" : "false";
  if (picture.live) delete element.dataset.values;
  else element.dataset.values = JSON.stringify(values);
}
