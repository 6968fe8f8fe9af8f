// Arrays the server sends "packed" (see app/schemas_live.py): a list of numbers with null where a
// value is not finite, or one base64 string of little-endian float32.

/** Base64 of little-endian float32 as a Float32Array (no copy of the decoded bytes). */
export function float32s(base64) {
  const bytes = typeof Uint8Array.fromBase64 === "function"
    ? Uint8Array.fromBase64(base64)
    : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** The numbers of a packed array; NaN where the server sent null. */
export function unpack(packed) {
  if (typeof packed !== "string") return packed.map((v) => (v === null ? NaN : v));
  return Array.from(float32s(packed));
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
