// The page the browser tests load (bundled with esbuild): the client kit's browser entry and
// connect-web's two transports, exposed as `kargoPage` for the test to call over DevTools.
import { Code, ConnectError } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { createAuthInterceptor, createKargoWebClient, kargoClientsFor, staticToken, WatchEventType, type KargoClient } from "../../../src/client/web.js";
import type { WatchPromotionsResponse } from "../../../gen/kargo/api/v1/promotion_service_pb.js";

export type Protocol = "connect" | "grpc-web";

function client(protocol: Protocol, baseUrl: string, token: string): KargoClient {
  // Connect: the kit's own browser client. gRPC-Web: the kit's clients over connect-web's gRPC-Web transport.
  if (protocol === "connect") return createKargoWebClient(baseUrl, { auth: staticToken(token) });
  return kargoClientsFor(createGrpcWebTransport({ baseUrl, interceptors: [createAuthInterceptor(staticToken(token))] }));
}

let watch: AsyncIterator<WatchPromotionsResponse> | undefined;
let stopWatch: AbortController | undefined;

const kargoPage = {
  async unary(protocol: Protocol, baseUrl: string, token: string) {
    const kargo = client(protocol, baseUrl, token);
    const me = await kargo.auth.whoAmI({});
    const { projects } = await kargo.projects.listProjects({});
    const { versionInfo } = await kargo.system.getVersionInfo({});
    return { authMethod: me.authMethod, projects: projects.map((p) => p.metadata?.name), contractVersion: versionInfo?.contractVersion };
  },

  /** Opens WatchPromotions and reads its snapshot (up to the first BOOKMARK); gives the names in it. */
  async startWatch(protocol: Protocol, baseUrl: string, token: string, project: string) {
    stopWatch = new AbortController();
    watch = client(protocol, baseUrl, token).promotions.watchPromotions({ project }, { signal: stopWatch.signal })[Symbol.asyncIterator]();
    const snapshot: string[] = [];
    for (;;) {
      const { value, done } = await watch.next();
      if (done) throw new Error("the watch ended during its snapshot");
      if (value.type === WatchEventType.BOOKMARK) return snapshot;
      snapshot.push(value.promotion?.metadata?.name ?? "");
    }
  },

  /** The next live event of the watch (heartbeat BOOKMARKs skipped), then the watch is closed. */
  async nextEvent() {
    for (;;) {
      const { value, done } = await watch!.next();
      if (done) throw new Error("the watch ended");
      if (value.type === WatchEventType.BOOKMARK) continue;
      stopWatch!.abort();
      return { type: WatchEventType[value.type], name: value.promotion?.metadata?.name, stage: value.promotion?.spec?.stage };
    }
  },

  /** How a call fails: its Connect code and message. */
  async failure(protocol: Protocol, baseUrl: string, token: string) {
    try {
      await client(protocol, baseUrl, token).auth.whoAmI({});
      return { code: "none", message: "" };
    } catch (e) {
      const error = ConnectError.from(e);
      return { code: Code[error.code], message: error.rawMessage };
    }
  },
};

(globalThis as { kargoPage?: typeof kargoPage }).kargoPage = kargoPage;
