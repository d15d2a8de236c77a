// Prints the one closing line CI reads: `N passed, N failed`, summed over vitest (on every Node it ran on) and both Playwright suites.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const exitCode = Number(process.argv[2] ?? '0');
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;

// The vitest suite on CI's Node, and on the other Node versions .ci/vitest-on-node ran it on.
const vitestReports = ['test-results/vitest.json', ...(existsSync('test-results') ? readdirSync('test-results').filter((name) => /^vitest-node\d+\.json$/.test(name)).sort().map((name) => `test-results/${name}`) : [])];
for (const report of vitestReports) {
  if (!existsSync(report)) continue;
  const vitest = JSON.parse(readFileSync(report, 'utf8'));
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  // A file that fails to load has no tests in the counts; count it as a failure.
  failed += (vitest.testResults ?? []).filter((file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0).length;
  reports += 1;
}
// The browser suite, and the desktop app (_electron) suite where it could run.
for (const report of ['test-results/playwright.json', 'test-results/playwright-electron.json']) {
  if (!existsSync(report)) continue;
  const stats = JSON.parse(readFileSync(report, 'utf8')).stats;
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  skipped += stats.skipped;
  reports += 1;
}
// npm test stopped before a runner finished (layer rules, type errors, a crashed runner).
if (exitCode !== 0 && failed === 0) failed += 1;
if (reports === 0 && exitCode === 0) failed += 1;

// Skips are reported on their own line: the last line is read by CI and keeps its plain form.
if (skipped) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
