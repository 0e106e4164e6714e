// A node:test reporter that appends one line per finished test to FORECOURT_NODE_COUNT_FILE,
// synchronously: when the phase is stopped for running over its budget, the built-in reporters'
// summaries are never written, and a count that survives is what the final "N passed, N failed"
// line is made of.
import { appendFileSync } from 'node:fs';

const file = process.env.FORECOURT_NODE_COUNT_FILE;

export default async function* countReporter(source) {
  for await (const event of source) {
    if (!file || (event.type !== 'test:pass' && event.type !== 'test:fail')) continue;
    if (event.data.details?.type === 'suite') continue; // a suite's tests are counted themselves
    // As Node itself counts them: a todo test is not a failure whatever it does, and is reported as skipped.
    const outcome = event.data.skip !== undefined || event.data.todo !== undefined ? 'skipped' : event.type === 'test:fail' ? 'failed' : 'passed';
    appendFileSync(file, `${outcome}\n`);
  }
}
