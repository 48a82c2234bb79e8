/**
 * Polls `check` until it returns a value other than undefined/false, and returns it. No deadline of
 * its own: the test timeout (vitest.config.js) is the only bound, whatever the machine's load.
 */
export async function eventually<T>(check: () => T | undefined | false): Promise<T> {
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
