// How live training is going: frames drawn per second and steps trained per second, on the page
// and as hooks for the benchmark (document.body.dataset.frames: redraws driven by stream frames
// since Train was pressed; dataset.framesReceived: stream frames that arrived by the last redraw;
// dataset.training: "true" or "false").
export function framesPerSecond(live) {
  if (!live || live.frames < 2 || !(live.last > live.first)) return null;
  return ((live.frames - 1) * 1000) / (live.last - live.first);
}

export function createLiveReadout(root) {
  const rate = root.querySelector("[data-role=live-rate]");

  function render(state) {
    const { live, training } = state;
    document.body.dataset.frames = String(live.frames);
    // Frames the stream delivered (up to the last redraw): more than `frames` when they came faster
    // than the screen refreshes, since only the newest is drawn.
    document.body.dataset.framesReceived = String(live.received);
    document.body.dataset.training = training ? "true" : "false";
    const fps = framesPerSecond(live);
    rate.dataset.fps = fps === null ? "" : String(fps);
    if (!live.frames) {
      rate.textContent = training ? "starting…" : "not training";
      return;
    }
    const figures = `${fps === null ? "—" : fps.toFixed(1)} frames/s · ${Math.round(live.stepsPerSecond).toLocaleString("en")} steps/s`;
    rate.textContent = training ? figures : `last run: ${figures}`;
  }

  return { render };
}
