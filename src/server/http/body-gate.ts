import type { ContextValues } from "@connectrpc/connect";

/** What a {@link BodyGate} is told about a call before anything of its body is read. */
export interface GatedCall {
  /** Fully-qualified service name, e.g. `kargo.api.v1.ProjectService`. */
  readonly service: string;
  /** Method name, e.g. `ListProjects`. */
  readonly method: string;
  readonly header: Headers;
  /** The call's context values, for what the gate learns (the caller) and interceptors read. */
  readonly contextValues: ContextValues;
}

/**
 * Runs before a call's request body is read (connect-es reads and decodes the body before any
 * interceptor runs, so an interceptor is too late to refuse a hostile body cheaply). Returns
 * undefined to let the body through at once, or a promise: the body is read only once it
 * resolves, and its rejection — a ConnectError — is the call's answer, written by connect-es in
 * the call's own protocol. The authentication layer uses it so that an unauthenticated request
 * costs a header check, whatever its body.
 */
export type BodyGate = (call: GatedCall) => Promise<unknown> | undefined;

/** `body`, whose first read waits for `gate` (and fails with its rejection). */
export async function* gatedBody(body: AsyncIterable<Uint8Array>, gate: Promise<unknown>): AsyncIterable<Uint8Array> {
  await gate;
  yield* body;
}
