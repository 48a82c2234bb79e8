import * as http from "node:http";
import * as http2 from "node:http2";
import * as net from "node:net";
import { createCleartextListener } from "../../src/server/http/create-cleartext-listener.js";

describe("createCleartextListener", () => {
  let listener: net.Server;
  let port = 0;
  const answer = (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => {
    (res as http.ServerResponse).end(`HTTP/${req.httpVersion}`);
  };
  // Short slow-client timeouts, so the test can see them act.
  const h1 = http.createServer({ connectionsCheckingInterval: 50, headersTimeout: 300, requestTimeout: 400 }, answer);
  const h2 = http2.createServer(answer);
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on("session", (s) => sessions.add(s));

  beforeAll(async () => {
    listener = createCleartextListener(h1, h2, 300);
    await new Promise<void>((r) => listener.listen(0, "127.0.0.1", r));
    port = (listener.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sessions) s.destroy();
    await new Promise((r) => listener.close(r));
  });

  /** Writes raw bytes in the given pieces, with a pause between them, and returns what came back. */
  const rawExchange = (pieces: string[], until: (text: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1");
      let received = "";
      socket.on("data", (d) => {
        received += d.toString("latin1");
        if (until(received)) {
          socket.destroy();
          resolve(received);
        }
      });
      socket.on("error", reject);
      socket.on("connect", async () => {
        for (const piece of pieces) {
          socket.write(piece);
          await new Promise((r) => setTimeout(r, 30));
        }
      });
    });

  it("hands HTTP/1.1 to the HTTP/1.1 server, even when its first bytes look like the HTTP/2 preface's start", async () => {
    // "P" matches the preface's first byte; "PUT" then does not.
    const text = await rawExchange(["P", "UT / HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n"], (t) => t.includes("HTTP/1.1"));
    expect(text).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(text).toContain("HTTP/1.1");
  });

  it("hands a connection to HTTP/2 when the preface arrives in pieces", async () => {
    const preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    // After the preface a client sends SETTINGS; the server's first frame is its own SETTINGS (type 4).
    const emptySettings = "\x00\x00\x00\x04\x00\x00\x00\x00\x00";
    const text = await rawExchange([preface.slice(0, 5), preface.slice(5, 20), preface.slice(20) + emptySettings], (t) => t.length >= 9);
    expect(text.charCodeAt(3)).toBe(0x04);
  });

  it("closes a connection that sends nothing", async () => {
    const socket = net.connect(port, "127.0.0.1");
    const started = performance.now();
    await new Promise((r) => socket.once("close", r));
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("puts the HTTP/1.1 server's slow-client timeouts in force (headers that never finish get 408)", async () => {
    const text = await rawExchange(["GET / HTTP/1.1\r\nhost: x\r\n"], (t) => t.includes("\r\n\r\n"));
    expect(text).toMatch(/^HTTP\/1\.1 408/);
  });

  it("serves both protocols with real clients, several requests per connection", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 3; i++) {
      const body = await new Promise<string>((resolve, reject) => {
        http
          .get({ host: "127.0.0.1", port, agent, path: "/" }, (res) => {
            let b = "";
            res.on("data", (c) => (b += c));
            res.on("end", () => resolve(b));
          })
          .on("error", reject);
      });
      expect(body).toBe("HTTP/1.1");
    }
    agent.destroy();
    const session = http2.connect(`http://127.0.0.1:${port}`);
    for (let i = 0; i < 3; i++) {
      const body = await new Promise<string>((resolve, reject) => {
        const stream = session.request({ ":path": "/" });
        let b = "";
        stream.on("data", (c) => (b += c));
        stream.on("end", () => resolve(b));
        stream.on("error", reject);
      });
      expect(body).toBe("HTTP/2.0");
    }
    session.close();
  });
});
