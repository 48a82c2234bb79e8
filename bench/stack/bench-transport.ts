import type { DescService } from "@bufbuild/protobuf";
import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";

/**
 * The transport of every measured call: Connect, binary, HTTP/2 cleartext (prior knowledge), one
 * HTTP/2 session per transport; with a bearer token when given (also sent to the floor, so both
 * servers parse the same headers).
 */
export function benchTransport(baseUrl: string, token?: string): Transport {
  return createConnectTransport({
    baseUrl,
    httpVersion: "2",
    useBinaryFormat: true,
    interceptors: token === undefined ? [] : [(next) => (req) => (req.header.set("authorization", `Bearer ${token}`), next(req))],
  });
}

/** A client of `service` over {@link benchTransport}. */
export function benchClient<S extends DescService>(service: S, baseUrl: string, token?: string): Client<S> {
  return createClient(service, benchTransport(baseUrl, token));
}
