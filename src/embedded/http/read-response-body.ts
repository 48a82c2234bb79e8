/**
 * Reads an HTTP response body of at most `limit` bytes (by Content-Length up front, or while
 * streaming), so that a peer cannot make the controllers buffer an unbounded body. Over the limit
 * it cancels the body and throws an Error saying so.
 */
export async function readResponseBody(response: Response, limit: number): Promise<Buffer> {
  const declared = Number(response.headers.get("content-length"));
  const tooLarge = () => new Error(`the response body is larger than ${limit} bytes`);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
