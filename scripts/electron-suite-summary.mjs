// Prints one line saying whether the _electron suite ran, and how it went, or why it was skipped.
import { existsSync, readFileSync } from 'node:fs';

const REPORT = 'test-results/playwright-electron.json';

/** Every test in a Playwright JSON report, however deeply its suites nest. */
function tests(suite) {
  return [...(suite.specs ?? []).flatMap((spec) => spec.tests ?? []), ...(suite.suites ?? []).flatMap(tests)];
}

if (!existsSync(REPORT)) {
  console.log('Desktop app (_electron) suite: did not run (no report; see the output above).');
} else {
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
  if (expected + unexpected + flaky === 0 && skipped > 0) {
    const annotation = (report.suites ?? []).flatMap(tests).flatMap((test) => test.annotations ?? []).find((a) => a.type === 'skip');
    console.log(`Desktop app (_electron) suite: skipped, ${annotation?.description ?? 'no reason given'}.`);
  } else {
    console.log(`Desktop app (_electron) suite: ran, ${expected + flaky} passed, ${unexpected} failed${skipped ? `, ${skipped} skipped` : ''}.`);
  }
}
