import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import { CONTRACT_VERSION } from "../../src/client/contract-version.js";
import { adminClient, applyPipeline, createFreight } from "../cli/support/admin-client.js";
import { startChromium, type Chromium, type ChromiumPage } from "../support/chromium.js";
import { startKargoStack, type KargoStack } from "../support/use-kargo-stack.js";

const pageSource = new URL("./page/kargo-page.ts", import.meta.url).pathname;

/** Serves the page (an HTML file loading the bundle) on 127.0.0.1; its origin is the URL's. */
async function servePage(bundle: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url === "/kargo-page.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    } else if (req.url === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><title>kargo</title><script type="module" src="/kargo-page.js"></script>');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const call = (fn: string, ...args: string[]) => `globalThis.kargoPage.${fn}(${args.map((a) => JSON.stringify(a)).join(", ")})`;

// A real browser (Debian's chromium, headless, driven over the DevTools protocol) loads a page
// bundled with esbuild from the client kit's browser entry, served from one allowed origin and one
// that is not, and calls a live server over Connect and gRPC-Web.
describe("browser clients in chromium", () => {
  let allowed: { server: Server; origin: string };
  let other: { server: Server; origin: string };
  let stack: KargoStack;
  let chromium: Chromium;
  let page: ChromiumPage;

  beforeAll(async () => {
    // esbuild is what bundles the page; ES2022 for chromium, the browser entry only (no Node transport).
    const bundled = await build({
      entryPoints: [pageSource],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    const bundle = bundled.outputFiles[0]!.text;
    expect(bundle).not.toContain("connect-node");
    allowed = await servePage(bundle);
    other = await servePage(bundle);
    stack = await startKargoStack({ env: { CORS_ALLOWED_ORIGINS: allowed.origin } });
    // One project per protocol: each watch sees only its own test's promotion.
    for (const protocol of ["connect", "grpc-web"]) await applyPipeline(adminClient(stack), `browser-${protocol}`);
    chromium = await startChromium();
    page = await chromium.open(`${allowed.origin}/`);
    await page.evaluate("new Promise((resolve) => { const wait = () => globalThis.kargoPage ? resolve(true) : setTimeout(wait, 10); wait(); })");
  }, 180_000);

  afterAll(async () => {
    await chromium?.close();
    await stack?.close();
    await Promise.all([allowed, other].map((p) => p && new Promise((resolve) => p.server.close(resolve))));
  });

  for (const protocol of ["connect", "grpc-web"] as const) {
    describe(protocol, () => {
      it("unary calls: WhoAmI, ListProjects, GetVersionInfo", async () => {
        expect(await page.evaluate(call("unary", protocol, stack.baseUrl, stack.adminToken))).toEqual({
          authMethod: "admin",
          projects: expect.arrayContaining(["browser-connect", "browser-grpc-web"]),
          contractVersion: CONTRACT_VERSION,
        });
      });

      it("a WatchPromotions stream delivers its snapshot and then a live event", async () => {
        const project = `browser-${protocol}`;
        const snapshot = await page.evaluate<string[]>(call("startWatch", protocol, stack.baseUrl, stack.adminToken, project));
        const admin = adminClient(stack);
        const freight = await createFreight(admin, project, "5.0.0", "in-browser");
        const name = (await admin.promotions.promoteToStage({ project, stage: "test", freight })).promotion!.metadata!.name;
        expect(snapshot).not.toContain(name);
        expect(await page.evaluate(call("nextEvent"))).toEqual({ type: "ADDED", name, stage: "test" });
      }, 60_000);

      it("a bad token is UNAUTHENTICATED, read from the server's answer through CORS", async () => {
        expect(await page.evaluate(call("failure", protocol, stack.baseUrl, "not-a-token"))).toMatchObject({ code: "Unauthenticated" });
      });
    });
  }

  it("a page of an origin the server does not allow fails with the browser's CORS error", async () => {
    const outsider = await chromium.open(`${other.origin}/`);
    await outsider.evaluate("new Promise((resolve) => { const wait = () => globalThis.kargoPage ? resolve(true) : setTimeout(wait, 10); wait(); })");
    for (const protocol of ["connect", "grpc-web"] as const) {
      // fetch rejects without telling the page why; the browser's log says it was CORS.
      expect(await outsider.evaluate(call("failure", protocol, stack.baseUrl, stack.adminToken))).toEqual({ code: "Unknown", message: "Failed to fetch" });
    }
    // The Connect client's first request is its contract check; the gRPC-Web one's is WhoAmI itself.
    for (const rpc of ["SystemService/GetVersionInfo", "AuthService/WhoAmI"]) {
      expect(
        await outsider.waitForLog(
          new RegExp(`Access to fetch at '${stack.baseUrl}/kargo.api.v1.${rpc}' from origin '${other.origin}' has been blocked by CORS policy`),
        ),
      ).toMatch(/Response to preflight request doesn't pass access control check/);
    }
  }, 60_000);
});
