// A node:test reporter that appends one line per finished test to FORECOURT_NODE_COUNT_FILE,
// synchronously: with --test-force-exit the built-in reporters' summaries can be cut off, and
// a count that survives is what the final "N passed, N failed" line is made of.
import { appendFileSync } from 'node:fs';

const file = process.env.FORECOURT_NODE_COUNT_FILE;

export default async function* countReporter(source) {
  for await (const event of source) {
    if (!file || (event.type !== 'test:pass' && event.type !== 'test:fail')) continue;
    if (event.data.details?.type === 'suite') continue; // a suite's tests are counted themselves
    const outcome = event.type === 'test:fail' ? 'failed' : event.data.skip !== undefined || event.data.todo !== undefined ? 'skipped' : 'passed';
    appendFileSync(file, `${outcome}\n`);
  }
}
