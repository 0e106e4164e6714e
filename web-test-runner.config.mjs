// @web/test-runner: runs the pre-bundled browser tests (scripts/bundle-browser-tests.mjs) in
// real headless Chromium. Start it through `npm test`, which finds Chromium and bundles first.
import { chromeLauncher, defaultReporter, summaryReporter } from '@web/test-runner';
import { CHROMIUM_ARGS } from './scripts/chromium.mjs';
import { countReporter } from './scripts/count-reporter.mjs';

const files = JSON.parse(process.env.FORECOURT_TEST_FILES ?? '[]');

export default {
  files,
  nodeResolve: false,
  // One test file at a time: keyboard tests press real keys (sendKeys), which need the focused page;
  // a second file running beside them takes focus away and makes them flaky.
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 300000,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: process.env.CHROME_PATH, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter(process.env.FORECOURT_COUNT_FILE ?? '.cache/browser-tests.json')],
};
