// Presenter mode, for a projector: large type, a large decision boundary and heatmaps, and only the
// controls a teacher needs (presenter.css hides the rest). The page's state holds it (`presenter`);
// the address carries it as ?present=1, so a bookmark or a reload opens the page that way.

const PARAM = "present";

/** Whether an address's query (location.search) asks for presenter mode. */
export function presenterFromSearch(search) {
  const value = new URLSearchParams(search).get(PARAM);
  return value !== null && !["0", "false", "no", "off"].includes(value.toLowerCase());
}

/** The address with ?present=1 added (on) or removed (off), every other part kept. */
export function addressWithPresenter(href, on) {
  const url = new URL(href);
  if (on) url.searchParams.set(PARAM, "1");
  else url.searchParams.delete(PARAM);
  return url.href;
}

/** The toggle button in the header; draws the mode on <html data-presenter> and in the address. */
export function createPresenterToggle(button, actions, { root = document.documentElement, history = window.history, location = window.location } = {}) {
  button.addEventListener("click", () => actions.setPresenter(button.getAttribute("aria-pressed") !== "true"));
  let shown = null;

  function render(state) {
    const on = Boolean(state.presenter);
    if (on === shown) return;
    shown = on;
    root.dataset.presenter = String(on);
    button.setAttribute("aria-pressed", String(on));
    button.textContent = on ? "Leave presenter mode" : "Presenter mode";
    const wanted = addressWithPresenter(location.href, on);
    if (wanted !== location.href) history.replaceState(history.state, "", wanted);
    // The drawing and the pictures measure their boxes: a new type size changes them.
    window.dispatchEvent(new Event("resize"));
  }

  return { render };
}
