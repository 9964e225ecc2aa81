/**
 * Resolves once the browser has painted what is on screen now: after the frame that paints it
 * and the next one has begun (a paint is shown a moment after the frame that made it), or after
 * `atMost` ms where no frame comes (a hidden tab). Work that is not part of the first screen (the
 * rest of a screen's code, the Markdown renderer, the service worker) waits for it, so the first
 * screen's text is shown before anything else is fetched.
 */
export function afterPaint(atMost = 250): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, atMost);
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          clearTimeout(timer);
          resolve();
        }, 0),
      ),
    );
  });
}
