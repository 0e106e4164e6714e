/**
 * Runs `callback` once, on the next animation frame — or after `fallbackMs` when no frame comes:
 * a hidden tab paints no frames, and live changes must still reach the element (and its `page`)
 * there, so that the tab is current the moment it is shown. Returns a cancel function.
 */
export function nextFrame(callback: () => void, fallbackMs = 100): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    callback();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, fallbackMs);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
