// On a phone the breakdown sits under the drawing, a screen or more below: tapping a weight or a
// neuron scrolls the panel up into view, and its "Back to the drawing" button scrolls back. On wider
// screens the panel is a column of its own beside the drawing, and nothing moves.

const ONE_COLUMN = "(max-width: 759px)";

export function createPanelReveal(panel, drawingCard, { media = window.matchMedia(ONE_COLUMN) } = {}) {
  const back = panel.querySelector("[data-role=back-to-drawing]");
  const smooth = () => (window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth");

  back.addEventListener("click", () => {
    drawingCard.scrollIntoView({ block: "start", behavior: smooth() });
  });

  /** Called when the learner picks a weight or neuron in the drawing. */
  function reveal() {
    if (!media.matches) return;
    panel.scrollIntoView({ block: "start", behavior: smooth() });
  }

  return { reveal, render() {} };
}
