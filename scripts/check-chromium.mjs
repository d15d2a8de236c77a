// Before the browser tests (`npm test`) and after `npm install`: one line saying how to get Chromium
// when there is none, instead of one "executable doesn't exist" failure per browser test.
// `--warn` (postinstall) only prints the line: an install never fails for a missing test browser.
import { findChromium } from './find-chromium.mjs';

const warnOnly = process.argv.includes('--warn');
const choice = findChromium();
if (choice.problem) {
  console.error(choice.problem);
  process.exitCode = warnOnly ? 0 : 1;
}
