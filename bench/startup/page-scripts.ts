// Expressions evaluated in the page through page.evaluate. Strings, not functions: Playwright would
// serialize a function's source as tsx compiled it, helpers and all, which the page lacks. And not
// page.waitForFunction: with a string it evals inside the page, which the User Center's CSP forbids.

/** Resolves with `check`'s first value other than false, tested once per animation frame; rejects after `timeoutMs`. */
export function everyFrameUntil(check: string, timeoutMs: number): string {
  return `new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not seen within ${timeoutMs} ms')), ${timeoutMs});
    const poll = () => {
      const value = ${check};
      if (value === false) { requestAnimationFrame(poll); return; }
      clearTimeout(timer);
      resolve(value);
    };
    poll();
  })`;
}

/** performance.now() once the sidebar (nav "Main") shows `orgName` and is laid out visibly; else false. */
export function shellVisibleAt(orgName: string): string {
  return `(() => {
    const nav = document.querySelector('nav[aria-label="Main"]');
    if (!nav || !nav.textContent.includes(${JSON.stringify(orgName)})) return false;
    const box = nav.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && nav.checkVisibility() ? performance.now() : false;
  })()`;
}

/** `{at, value}` once the overview's "Active members" fact shows a number (members.list answered); else false. */
export const membersFactAt = `(() => {
  const label = [...document.querySelectorAll('p')].find((p) => p.textContent === 'Active members');
  const value = label?.nextElementSibling?.textContent ?? '';
  return /^\\d+$/.test(value) ? { at: performance.now(), value: Number(value) } : false;
})()`;

/** First contentful paint (ms since navigation start) from a buffered PerformanceObserver; null after 10 s. */
export const firstContentfulPaint = `new Promise((resolve) => {
  const observer = new PerformanceObserver((list) => {
    const entry = list.getEntries().find((e) => e.name === 'first-contentful-paint');
    if (entry) { observer.disconnect(); resolve(entry.startTime); }
  });
  observer.observe({ type: 'paint', buffered: true });
  setTimeout(() => resolve(null), 10000);
})`;

/** The navigation entry's milestones (ms since navigation start). */
export const navigationTiming = `(() => {
  const n = performance.getEntriesByType('navigation')[0];
  return n ? { responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd } : null;
})()`;
