import * as http2 from "node:http2";

/** One HTTP/2 session making Connect unary POSTs and returning the raw response body (never decoded). */
export interface RawUnaryCaller {
  /** POSTs `body` to `/<service>/<method>` as `application/proto` (binary) or `application/json`; resolves with the body's size once all of it arrived. */
  call(path: string, body: Uint8Array, binary: boolean): Promise<number>;
  close(): void;
}

/**
 * A Connect unary client that stops at the bytes: the latency until a whole response body has
 * arrived, without the client library's decode (issue 18 compares serving a list with encoding it;
 * what a client then does with the bytes is its own cost, recorded separately).
 */
export function rawUnaryCaller(baseUrl: string, token: string): RawUnaryCaller {
  const session = http2.connect(baseUrl);
  session.on("error", () => {});
  return {
    call: (path, body, binary) =>
      new Promise((resolve, reject) => {
        const stream = session.request({
          ":method": "POST",
          ":path": path,
          "content-type": binary ? "application/proto" : "application/json",
          "connect-protocol-version": "1",
          authorization: `Bearer ${token}`,
        });
        let size = 0;
        let status = 0;
        stream.on("response", (h) => (status = Number(h[":status"])));
        stream.on("data", (c: Buffer) => (size += c.length));
        stream.on("end", () => (status === 200 ? resolve(size) : reject(new Error(`${path}: HTTP ${status}`))));
        stream.on("error", reject);
        stream.end(body);
      }),
    close: () => session.close(),
  };
}
