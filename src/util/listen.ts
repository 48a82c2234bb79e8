import type { AddressInfo, Server } from "node:net";

// The system's reasons for the failures people meet, in words; anything else keeps Node's message.
const REASONS: Record<string, string> = {
  EADDRINUSE: "address already in use",
  EACCES: "permission denied",
  EADDRNOTAVAIL: "address not available on this machine",
};

/**
 * A listener could not bind. Says which listener (`listener`, words such as "the webhook
 * receivers") and where (`address`, host:port) in one line, the system's error as `cause`, so
 * start-up can also name the setting that chose the address.
 */
export class ListenError extends Error {
  /** Why, in words: "address already in use" … */
  readonly reason: string;

  constructor(
    readonly listener: string,
    readonly address: string,
    options: { cause: unknown },
  ) {
    const code = (options.cause as { code?: unknown } | null)?.code;
    const reason = (typeof code === "string" ? REASONS[code] : undefined) ?? (options.cause instanceof Error ? options.cause.message : String(options.cause));
    super(`cannot listen on ${address} for ${listener}: ${reason}`, options);
    this.name = "ListenError";
    this.reason = reason;
  }
}

/** `host:port` as people write it (IPv6 in brackets). */
export function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Binds `server` to host:port and resolves with the bound address. A failure to bind (the port in
 * use …) rejects with a ListenError naming `listener`, never an unhandled 'error' event: a server's
 * 'error' without a listener crashes the process.
 */
export async function listen(server: Server, port: number, host: string, listener: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(new ListenError(listener, hostPort(host, port), { cause: error }));
    server.once("error", failed);
    server.listen(port, host, () => {
      server.off("error", failed);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}
