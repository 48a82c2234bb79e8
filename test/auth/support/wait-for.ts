/**
 * Polls `check` until it returns true (informers deliver changes asynchronously); `what` names the
 * wait for the reader. No deadline of its own: the test timeout (vitest.config.js) is the only
 * bound, whatever the machine's load.
 */
export async function waitFor(_what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}
