/**
 * Polls `check` every 20 ms until it returns something other than undefined or false, and returns
 * that (true, for a condition). Tests wait with it for effects that arrive asynchronously: informer
 * caches, controllers, processes. No deadline of its own: how long an effect takes depends on the
 * machine's load, so the test timeout (vitest.config.js) is the only bound, and a check that never
 * holds fails the test there. `what` names the wait for the reader of the test.
 */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, _what?: string): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
