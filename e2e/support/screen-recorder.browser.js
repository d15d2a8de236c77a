// Runs in the page before any app code (Playwright's addInitScript). It records every distinct
// state the DOM passes through, so a test can prove a transition drew nothing it should not have.
// Plain browser JavaScript: the e2e type check has no DOM library, and this never runs in Node.
(() => {
  // Words no screen of a calm sign-out may contain.
  const errorPattern = /something went wrong|error|unexpected|could not|cannot be reached|not answering|stopped working|permission|failed/i;
  window.__outpostScreens = [];
  window.__outpostWatchStart = performance.now();
  const snapshot = () => {
    const heading = document.querySelector('h1')?.textContent?.trim() ?? null;
    const alerts = [...document.querySelectorAll('[role="alert"]')].map((element) => element.textContent?.trim() ?? '');
    const text = document.body?.innerText ?? '';
    const match = errorPattern.exec(text);
    const state = {
      at: Math.round(performance.now() - window.__outpostWatchStart),
      heading,
      alerts,
      errorText: match ? text.slice(Math.max(0, match.index - 40), match.index + 60) : null,
      crashed: document.querySelector('[data-testid="crash-page"]') !== null,
    };
    const screens = window.__outpostScreens;
    const last = screens[screens.length - 1];
    const changed =
      !last ||
      last.heading !== state.heading ||
      last.errorText !== state.errorText ||
      last.crashed !== state.crashed ||
      last.alerts.join('\n') !== state.alerts.join('\n');
    if (changed) screens.push(state);
  };
  new MutationObserver(snapshot).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();
