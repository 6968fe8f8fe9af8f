// Native MathML built from the DOM: the page's formulas without a math library.

const MATHML = "http://www.w3.org/1998/Math/MathML";

/** m("mfrac", child, child) or m("mi", "w"): strings become text, nodes become children. */
export function m(tag, ...children) {
  const element = document.createElementNS(MATHML, tag);
  for (const child of children) {
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

export const mi = (text) => m("mi", text);
export const mo = (text) => m("mo", text);
export const mn = (text) => m("mn", String(text));

export function math(display, ...children) {
  const element = m("math", m("mrow", ...children));
  if (display) element.setAttribute("display", display);
  return element;
}

/** Subscript for neuron indices: "jk" as 10, or "10,3" once an index has two digits. */
function indices(...values) {
  return values.every((v) => v < 10) ? mn(values.join("")) : m("mrow", mn(values.join(",")));
}

const layerTag = (layer) => m("mrow", mo("("), mn(layer), mo(")"));

/** x with subscript and superscript (layer), e.g. a_k^(l-1). */
export function indexed(symbol, subscript, layer) {
  return m("msubsup", mi(symbol), indices(...subscript), layerTag(layer));
}

export const c0 = () => m("msub", mi("C"), mn(0));
export const partial = (top, bottom) => m("mfrac", m("mrow", mo("∂"), top), m("mrow", mo("∂"), bottom));
export const sigmaPrime = (z) => m("mrow", m("msup", mi("σ"), mo("′")), mo("("), z, mo(")"));

/** dC_0/da of one output, spelled out for the cost: 2(a − y), or (a − y) / (a(1 − a)) for
 * cross-entropy. `a` builds the activation's symbol (a fresh node for each place it appears). */
export function errorFactor(loss, a = () => mi("a")) {
  return loss === "cross_entropy"
    ? m("mfrac", m("mrow", a(), mo("−"), mi("y")), m("mrow", a(), mo("("), mn(1), mo("−"), a(), mo(")")))
    : m("mrow", mn(2), mo("("), a(), mo("−"), mi("y"), mo(")"));
}
