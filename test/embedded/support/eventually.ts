/**
 * Polls `condition` every 20 ms until it holds (for asynchronous effects). It has no deadline of
 * its own: how long an effect takes depends on the machine's load, so the test timeout
 * (vitest.config.js) is the only bound, and a condition that never holds fails the test there.
 */
export async function eventually(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}
