// Room for an axis's tick labels. A large cost reads "1.5 × 10³²": drawn right-aligned into a fixed
// margin it lost its mantissa off the canvas's left edge, so the margin grows with the widest label.

/**
 * The left margin that fits every label (`measure(text)` gives its drawn width) plus `gap` for
 * the tick, never less than `least`; whole pixels.
 */
export function labelRoom(labels, measure, least = 46, gap = 8) {
  const widest = Math.max(0, ...labels.map((text) => measure(text)));
  return Math.max(least, Math.ceil(widest + gap));
}
