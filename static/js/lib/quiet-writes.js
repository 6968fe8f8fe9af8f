// Writes to the page only where the value changes. While training streams, views render 30-60
// times a second, and every write, even of the text or attribute already there, makes the browser
// restyle, lay out and repaint what it touches (measured: about half of each live frame's time).

/**
 * `text` as the element's text. An element holding one text node keeps that node and changes its
 * characters: replacing the node would also restyle it and re-check the page's :has() rules.
 */
export function setText(element, text) {
  const only = element.firstChild;
  if (only && only === element.lastChild && only.nodeType === 3) {
    if (only.data !== text) only.data = text;
  } else if (element.textContent !== text) {
    element.textContent = text;
  }
}

export function setAttr(element, name, value) {
  const text = String(value);
  if (element.getAttribute(name) !== text) element.setAttribute(name, text);
}

/** `hidden` is a presentation attribute: setting it, even to what it was, restyles the element. */
export function setHidden(element, hidden) {
  if (element.hidden !== hidden) element.hidden = hidden;
}

export function setDisabled(element, disabled) {
  if (element.disabled !== disabled) element.disabled = disabled;
}
