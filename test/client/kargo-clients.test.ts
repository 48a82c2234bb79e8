import type { DescMethod } from "@bufbuild/protobuf";
import { Code, ConnectError, type Transport } from "@connectrpc/connect";
import { kargoClientsFor } from "../../src/client/kargo-clients.js";
import { apiServices } from "../../src/server/api-services.js";

/**
 * The client kit lists its service clients by hand (the client package cannot import the server),
 * so this test keeps that list and the server's apiServices in step: every client of the kit makes
 * one call through a transport that records the method and refuses the call.
 */
function recordingTransport(called: DescMethod[]): Transport {
  const refuse = (method: DescMethod): never => {
    called.push(method);
    throw new ConnectError("recorded, not sent", Code.Unavailable);
  };
  return {
    unary: async (method) => refuse(method),
    stream: async (method) => refuse(method),
  };
}

/** Calls the first method of `client` once (unary or streaming); the transport refuses it. */
async function callOnce(client: object): Promise<void> {
  const call = Object.values(client).find((v): v is (input: unknown) => unknown => typeof v === "function");
  if (call === undefined) throw new Error("client has no methods");
  const result = call({}) as Promise<unknown> | AsyncIterable<unknown>;
  try {
    if (Symbol.asyncIterator in result) {
      for await (const _ of result) break;
    } else {
      await result;
    }
  } catch {
    // Refused by the recording transport: what matters is what it recorded.
  }
}

describe("kargoClientsFor", () => {
  it("has one client for every service the server serves, and none other", async () => {
    const called: DescMethod[] = [];
    const kit = kargoClientsFor(recordingTransport(called));
    const clientServices: string[] = [];
    for (const [key, client] of Object.entries(kit)) {
      if (key === "transport") continue;
      called.length = 0;
      await callOnce(client as object);
      expect(called).toHaveLength(1);
      clientServices.push(called[0].parent.typeName);
    }
    const served = apiServices.map((s) => s.typeName);
    expect([...clientServices].sort()).toEqual([...served].sort());
    // No service twice under two names.
    expect(new Set(clientServices).size).toBe(clientServices.length);
  });
});
