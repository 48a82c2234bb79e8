/**
 * A watch heartbeat interval no test outlives (vitest.config.js ends a test after 300 s), for tests
 * that read a watch stream message by message and expect a particular next message. With the
 * default interval (15 s) a heartbeat BOOKMARK lands among those messages whenever 15 s pass
 * between opening the stream and reading them, which a heavily loaded machine reaches: the test
 * then fails although every change was delivered once and in order. Heartbeats have tests of
 * their own, with a short interval of their own.
 */
export const NO_HEARTBEAT_MS = 24 * 60 * 60 * 1000;

/** The same for a whole Kargo stack (useKargoStack's `env`): WATCH_HEARTBEAT_INTERVAL. */
export const NO_HEARTBEAT_ENV: Readonly<Record<string, string>> = Object.freeze({ WATCH_HEARTBEAT_INTERVAL: `${NO_HEARTBEAT_MS}ms` });
