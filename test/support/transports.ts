import type { Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";

/** One way to reach the server: a protocol, an encoding and an HTTP version. */
export interface TransportCase {
  readonly name: string;
  make(baseUrl: string): Transport;
}

/** Every protocol × transport combination the server must serve. */
export const transportCases: readonly TransportCase[] = [
  { name: "Connect JSON over HTTP/1.1", make: (baseUrl) => createConnectTransport({ baseUrl, httpVersion: "1.1" }) },
  { name: "Connect binary over HTTP/1.1", make: (baseUrl) => createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: true }) },
  { name: "Connect JSON over h2c", make: (baseUrl) => createConnectTransport({ baseUrl, httpVersion: "2" }) },
  { name: "Connect binary over h2c", make: (baseUrl) => createConnectTransport({ baseUrl, httpVersion: "2", useBinaryFormat: true }) },
  { name: "gRPC over h2c", make: (baseUrl) => createGrpcTransport({ baseUrl }) },
  { name: "gRPC-Web over HTTP/1.1", make: (baseUrl) => createGrpcWebTransport({ baseUrl, httpVersion: "1.1" }) },
  { name: "gRPC-Web over h2c", make: (baseUrl) => createGrpcWebTransport({ baseUrl, httpVersion: "2" }) },
];
