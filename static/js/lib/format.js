// Numbers for people: a few significant digits, powers of ten written out, real minus signs.

const SUPERSCRIPT = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

function trimZeros(text) {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** A number with `digits` significant digits; scientific outside [1e-3, 1e5). */
export function formatNumber(value, digits = 4) {
  if (value === null || value === undefined) return "—";
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  let text;
  if (magnitude >= 1e-3 && magnitude < 1e5) {
    text = value.toPrecision(digits);
    // toPrecision switches to "1.235e+4" once the integer part has more digits than asked for;
    // below 1e5 the whole number reads better.
    text = text.includes("e") ? value.toFixed(0) : trimZeros(text);
  } else {
    const [mantissa, exponent] = value.toExponential(digits - 1).split("e");
    const power = String(Number(exponent)).split("").map((c) => SUPERSCRIPT[c]).join("");
    text = `${trimZeros(mantissa)} × 10${power}`;
  }
  return text.replace(/^-/, "−");
}

/** A vector as [a, b, c]; long ones show their first `limit` entries and how many there are. */
export function formatVector(values, digits = 3, limit = 8) {
  const shown = values.slice(0, limit).map((v) => formatNumber(v, digits));
  if (values.length > limit) shown.push(`… ${values.length} values`);
  return `[${shown.join(", ")}]`;
}

/** The exact value, for data-value attributes: JS's shortest round-trip form. */
export function fullPrecision(value) {
  return value === null || value === undefined ? "" : String(value);
}

/** How far apart two numbers are, relative to their size. */
export function relativeDifference(a, b) {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}

/** Short enough to sit inside a neuron: two decimals, or a power of ten when large. */
export function formatCompact(value) {
  if (!Number.isFinite(value)) return formatNumber(value);
  const text = Math.abs(value) >= 100 ? value.toExponential(0).replace("e+", "e") : value.toFixed(2);
  return text.replace(/^-/, "−");
}

/** "1 path", "2 paths", "0 paths": a count and its noun, plural unless the count is one. */
export function plural(count, word, many = `${word}s`) {
  return `${count.toLocaleString("en")} ${count === 1 ? word : many}`;
}
