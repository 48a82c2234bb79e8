/**
 * Polls `read` every 50 ms until it returns something other than undefined, and returns it. No
 * deadline of its own: the test timeout (vitest.config.js) is the only bound, whatever the
 * machine's load. The second argument names the condition, for whoever reads the test.
 */
export async function eventually<T>(read: () => Promise<T | undefined>, _what: string): Promise<T> {
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
