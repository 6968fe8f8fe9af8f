// Small DOM builders the views share: elements, SVG elements, and numbers that keep their exact value.
import { formatNumber, fullPrecision } from "./format.js";

export function el(tag, className, ...children) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.append(...children);
  return element;
}

/** A number shown readably, with its exact value kept in data-value. */
export function value(number, attributes = {}) {
  const span = el("span", "value", number === null ? "overflow" : formatNumber(number, 5));
  span.dataset.value = fullPrecision(number);
  span.title = number === null ? "beyond float64 range" : String(number);
  for (const [name, v] of Object.entries(attributes)) span.setAttribute(name, v);
  return span;
}

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element with these attributes, appended to parent when one is given. */
export function svg(tag, attributes = {}, parent = null) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, v] of Object.entries(attributes)) element.setAttribute(name, v);
  if (parent) parent.appendChild(element);
  return element;
}
