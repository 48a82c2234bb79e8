import type { ClientRequest } from "node:http";
import { request } from "node:https";
import { createInterface } from "node:readline";
import type { EmbeddedControlPlane } from "../../../src/embedded/index.js";

/** One watch event as the API streams it. */
export interface StreamedEvent {
  type: string;
  object: any;
}

/** An open watch stream: its HTTP status, the events so far, and ways to wait and stop. */
export interface OpenWatch {
  status: number;
  events: StreamedEvent[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Waits until an event satisfies `predicate` (the test timeout is the only bound). */
  next(predicate: (event: StreamedEvent) => boolean): Promise<StreamedEvent>;
  close(): void;
}

/** Opens `GET path` (a `?watch=true` URL) and collects its newline-delimited JSON events. */
export function openWatch(controlPlane: EmbeddedControlPlane, path: string): Promise<OpenWatch> {
  return new Promise((resolve, reject) => {
    const events: StreamedEvent[] = [];
    const waiters = new Set<() => void>();
    let endedResolve!: () => void;
    const ended = new Promise<void>((r) => (endedResolve = r));
    const req: ClientRequest = request(
      new URL(path, controlPlane.url),
      { ca: controlPlane.caCertificate, headers: { Authorization: `Bearer ${controlPlane.serverToken}` } },
      (response) => {
        const lines = createInterface(response);
        lines.on("line", (line) => {
          if (line.trim() === "") return;
          events.push(JSON.parse(line) as StreamedEvent);
          for (const wake of waiters) wake();
        });
        // close() destroys the request; the response then reports "aborted", which is expected.
        response.on("error", () => endedResolve());
        lines.on("error", () => endedResolve());
        response.on("end", () => endedResolve());
        response.on("close", () => endedResolve());
        resolve({
          status: response.statusCode ?? 0,
          events,
          ended,
          next(predicate) {
            return new Promise((resolveNext) => {
              const check = () => {
                const found = events.find(predicate);
                if (found) {
                  waiters.delete(check);
                  resolveNext(found);
                }
              };
              waiters.add(check);
              check();
            });
          },
          close: () => {
            closed = true;
            req.destroy();
          },
        });
      },
    );
    let closed = false;
    req.on("error", (error) => {
      if (!closed) reject(error);
    });
    req.end();
  });
}
