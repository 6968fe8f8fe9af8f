// Zooming the drawing on a small screen: − / Fit / + buttons and a two-finger pinch. The drawing
// is laid out again at the zoomed width (columns and neurons further apart, text the same size),
// and its frame scrolls; Fit is the width of the card. Kept out of the store: it changes how the
// drawing is framed, not what the lesson shows.

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 4;

/** The zoom a pinch asks for: the start zoom times how far the fingers moved apart, within limits. */
export function pinchedZoom(startZoom, startDistance, distance) {
  if (!(startDistance > 0) || !(distance > 0)) return startZoom;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, startZoom * (distance / startDistance)));
}

/** The next zoom step up (+1) or down (−1): 1, 1.5, 2, 3, 4. */
export function steppedZoom(zoom, direction) {
  const steps = [1, 1.5, 2, 3, 4];
  if (direction > 0) return steps.find((s) => s > zoom + 1e-9) ?? MAX_ZOOM;
  return [...steps].reverse().find((s) => s < zoom - 1e-9) ?? MIN_ZOOM;
}

export function createDrawingZoom(frame, controls) {
  const drawing = frame.querySelector("[data-role=drawing]");
  const readout = controls.querySelector("[data-role=zoom-level]");
  let zoom = 1;
  const pointers = new Map();
  let pinch = null;

  function setZoom(next) {
    const across = (frame.scrollLeft + frame.clientWidth / 2) / (frame.scrollWidth || 1);
    const down = (frame.scrollTop + frame.clientHeight / 2) / (frame.scrollHeight || 1);
    zoom = next;
    frame.dataset.zoom = String(Math.round(zoom * 100) / 100);
    drawing.style.setProperty("--zoom", String(zoom));
    readout.textContent = `${Math.round(zoom * 100)}%`;
    controls.querySelector("[data-zoom=out]").disabled = zoom <= MIN_ZOOM;
    controls.querySelector("[data-zoom=in]").disabled = zoom >= MAX_ZOOM;
    // Keep what was in the middle of the frame in the middle.
    frame.scrollLeft = across * frame.scrollWidth - frame.clientWidth / 2;
    frame.scrollTop = down * frame.scrollHeight - frame.clientHeight / 2;
  }

  controls.addEventListener("click", (event) => {
    const button = event.target.closest("[data-zoom]");
    if (!button) return;
    const { zoom: which } = button.dataset;
    setZoom(which === "fit" ? 1 : steppedZoom(zoom, which === "in" ? 1 : -1));
  });

  const distance = () => {
    const [a, b] = [...pointers.values()];
    return Math.hypot(a.x - b.x, a.y - b.y);
  };
  frame.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "touch") return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 2) pinch = { zoom, distance: distance() };
  });
  frame.addEventListener("pointermove", (event) => {
    if (!pointers.has(event.pointerId)) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pinch && pointers.size === 2) setZoom(pinchedZoom(pinch.zoom, pinch.distance, distance()));
  });
  for (const type of ["pointerup", "pointercancel", "pointerleave"]) {
    frame.addEventListener(type, (event) => {
      pointers.delete(event.pointerId);
      if (pointers.size < 2) pinch = null;
    });
  }

  setZoom(1);
  return { render() {} };
}
