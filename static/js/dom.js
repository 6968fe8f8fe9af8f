// Small DOM builders the panels share: elements, and numbers that keep their exact value.
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
