// Vectors and matrices of real numbers as native MathML tables, cut down to fit beside each other.
import { formatNumber, fullPrecision } from "./format.js";
import { m, mn, mo, mi } from "./mathml.js";

const MAX_ROWS = 6;
const MAX_COLS = 5;

/** Which indices to show of n: all when they fit, else the first ones and a gap (null) for the rest. */
function shownIndices(n, limit) {
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: limit - 1 }, (_, i) => i), null];
}

/** One entry: rounded for reading, the exact number in data-value (null: beyond float64). */
function entry(value, digits = 4) {
  const element = value === null ? m("mtext", "overflow") : mn(formatNumber(value, digits));
  element.setAttribute("data-value", fullPrecision(value));
  return element;
}

/**
 * rows[r][c] as a bracketed table with its size written under it when it is cut down.
 * Each shown entry carries data-row, data-col and data-value; the whole carries data-quantity.
 */
export function matrix(rows, { quantity = "", digits = 4, maxRows = MAX_ROWS, maxCols = MAX_COLS } = {}) {
  const height = rows.length;
  const width = height ? rows[0].length : 0;
  const rowIndices = shownIndices(height, maxRows);
  const colIndices = shownIndices(width, maxCols);
  const table = m("mtable");
  for (const r of rowIndices) {
    const tr = m("mtr");
    for (const c of colIndices) {
      let cell;
      if (r === null) cell = mo(c === null ? "⋱" : "⋮");
      else if (c === null) cell = mo("⋯");
      else {
        cell = entry(rows[r][c], digits);
        cell.setAttribute("data-row", r);
        cell.setAttribute("data-col", c);
      }
      tr.append(m("mtd", cell));
    }
    table.append(tr);
  }
  // Brackets drawn by CSS borders: stretching an <mo> needs a math font the machine may not have.
  table.setAttribute("class", "matrix");
  const bracketed = m("mrow", table);
  let whole = bracketed;
  if (rowIndices.includes(null) || colIndices.includes(null)) {
    const size = m("mtext", `${height}×${width}`);
    size.setAttribute("class", "matrix-size");
    whole = m("munder", bracketed, size);
  }
  const wrapper = m("mrow", whole);
  if (quantity) wrapper.setAttribute("data-quantity", quantity);
  wrapper.setAttribute("data-rows", height);
  wrapper.setAttribute("data-cols", width);
  return wrapper;
}

export const column = (values, options) => matrix(values.map((v) => [v]), options);
export const row = (values, options) => matrix([values], options);

/** A symbol with its layer as superscript, e.g. δ^(2), or W^(3)T when transposed. */
export function layered(symbol, layer, { transpose = false } = {}) {
  const base = typeof symbol === "string" ? mi(symbol) : symbol;
  const sup = m("mrow", mo("("), mn(layer), mo(")"));
  if (transpose) sup.append(mi("T"));
  return m("msup", base, sup);
}

export const hadamard = () => mo("⊙");

/** Letters as identifiers, digits as numbers, the rest as operators: "l+1" or "i0". */
function tokens(text) {
  const parts = String(text).match(/[A-Za-z]|\d+|[^A-Za-z\d]/g) || [];
  const nodes = parts.map((t) => (/\d/.test(t) ? mn(t) : /[A-Za-z]/.test(t) ? mi(t) : mo(t === "-" ? "−" : t)));
  return nodes.length === 1 ? nodes[0] : m("mrow", ...nodes);
}

/** A symbol with general indices, e.g. sym("w", "jk", "l+1") for w_jk^(l+1); "" leaves a slot out. */
export function sym(symbol, subscript, layer) {
  const base = mi(symbol);
  const sup = layer === "" ? null : m("mrow", mo("("), tokens(layer), mo(")"));
  if (subscript === "") return sup ? m("msup", base, sup) : base;
  return sup ? m("msubsup", base, tokens(subscript), sup) : m("msub", base, tokens(subscript));
}
