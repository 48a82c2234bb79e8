import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { killProcessGroup } from "./process-group.js";

/** Flags that make Debian's chromium run headless in a container without reaching the network. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--remote-debugging-address=127.0.0.1",
  "--remote-debugging-port=0",
];

/** A page of a {@link Chromium}, driven over the DevTools protocol. */
export interface ChromiumPage {
  /** Evaluates `expression` in the page, awaits a promise it returns, gives the value (JSON). */
  evaluate<T>(expression: string): Promise<T>;
  /** The texts of the page's console and browser log entries so far (CORS errors are among them). */
  readonly log: readonly string[];
  /** Resolves when a log entry matches `pattern`. */
  waitForLog(pattern: RegExp): Promise<string>;
}

/** Headless Debian chromium, started with a fresh profile. */
export interface Chromium {
  /** Opens `url` in a new tab and waits for its load event. */
  open(url: string): Promise<ChromiumPage>;
  /** Kills the browser's process group and removes its profile. */
  close(): Promise<void>;
}

type Message = { id?: number; method?: string; params?: Record<string, unknown>; sessionId?: string; result?: unknown; error?: { message: string } };

/**
 * Starts `chromium` and connects to its DevTools WebSocket (Node's global WebSocket): one
 * connection to the browser, one flat session per page (Target.attachToTarget).
 */
export async function startChromium(): Promise<Chromium> {
  const profile = await mkdtemp(join(tmpdir(), "chromium-profile-"));
  const child = spawn("chromium", [...FLAGS, `--user-data-dir=${profile}`, "about:blank"], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    await killProcessGroup(child, exited);
    await rm(profile, { recursive: true, force: true });
  };
  let socket: WebSocket;
  try {
    socket = await connect(await devToolsUrl(child));
  } catch (e) {
    await stop();
    throw e;
  }

  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(m: Message) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as Message;
    if (message.id !== undefined) {
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) call?.reject(new Error(`DevTools: ${message.error.message}`));
      else call?.resolve(message.result);
    } else {
      for (const listener of listeners) listener(message);
    }
  });
  socket.addEventListener("close", () => {
    for (const call of pending.values()) call.reject(new Error("DevTools connection closed"));
    pending.clear();
  });
  const send = <T>(method: string, params: object = {}, sessionId?: string) =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params, sessionId }));
    });

  return {
    async open(url) {
      const { targetId } = await send<{ targetId: string }>("Target.createTarget", { url: "about:blank" });
      const { sessionId } = await send<{ sessionId: string }>("Target.attachToTarget", { targetId, flatten: true });
      const log: string[] = [];
      const waiters = new Set<() => void>();
      listeners.add((m) => {
        if (m.sessionId !== sessionId) return;
        if (m.method === "Log.entryAdded") log.push(String((m.params!["entry"] as { text: string }).text));
        else if (m.method === "Runtime.consoleAPICalled") log.push((m.params!["args"] as { value?: unknown }[]).map((a) => String(a.value)).join(" "));
        else return;
        for (const waiter of waiters) waiter();
      });
      await Promise.all([send("Page.enable", {}, sessionId), send("Runtime.enable", {}, sessionId), send("Log.enable", {}, sessionId)]);
      const loaded = new Promise<void>((resolve) => {
        const onLoad = (m: Message) => {
          if (m.sessionId === sessionId && m.method === "Page.loadEventFired") {
            listeners.delete(onLoad);
            resolve();
          }
        };
        listeners.add(onLoad);
      });
      const navigated = await send<{ errorText?: string }>("Page.navigate", { url }, sessionId);
      if (navigated.errorText) throw new Error(`chromium could not open ${url}: ${navigated.errorText}`);
      await loaded;
      return {
        log,
        async evaluate<T>(expression: string) {
          const { result, exceptionDetails } = await send<{
            result: { value?: unknown };
            exceptionDetails?: { exception?: { description?: string }; text: string };
          }>("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true }, sessionId);
          if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
          return result.value as T;
        },
        waitForLog(pattern) {
          return new Promise<string>((resolve) => {
            const check = () => {
              const found = log.find((line) => pattern.test(line));
              if (found === undefined) return;
              waiters.delete(check);
              resolve(found);
            };
            waiters.add(check);
            check();
          });
        },
      };
    },
    async close() {
      socket.close();
      await stop();
    },
  };
}

/** The browser's DevTools WebSocket URL, from the line chromium prints on stderr once it listens. */
function devToolsUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (match) {
        child.stderr!.off("data", onData);
        child.stderr!.resume(); // keep draining, so chromium never blocks on a full pipe
        resolve(match[1]!);
      }
    };
    child.stderr!.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`chromium exited (${code}) before DevTools listened: ${text.slice(-2000)}`)));
  });
}

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.addEventListener("open", () => resolve(socket), { once: true });
    socket.addEventListener("error", () => reject(new Error(`cannot connect to chromium's DevTools at ${url}`)), { once: true });
  });
}
