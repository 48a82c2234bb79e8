import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileWrite } from "../../../src/embedded/steps/file-write.js";
import { httpDownload } from "../../../src/embedded/steps/http-download.js";
import { isStepFailure } from "../../../src/embedded/steps/step-types.js";
import { stepContext } from "./support/step-context.js";

// The steps that write a file the config names keep an existing one unless told to replace it.
describe("file-write and http-download with an existing file", () => {
  let work: string;
  let server: Server;
  let base = "";
  let downloads = 0;
  const context = () => stepContext(work);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "kargo-step-"));
    server = createServer((_req, res) => {
      downloads++;
      res.end("downloaded\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  it("file-write refuses without overwrite and replaces with it", async () => {
    writeFileSync(join(work, "kept.txt"), "old\n");
    const refused = await fileWrite({ path: "./kept.txt", contents: "new\n" }, context()).catch((error: unknown) => error);
    expect(isStepFailure(refused)).toBe(true);
    expect((refused as Error).message).toBe('step "file-write": file "./kept.txt" exists (set overwrite: true to replace it)');
    expect(readFileSync(join(work, "kept.txt"), "utf8")).toBe("old\n");
    await fileWrite({ path: "./kept.txt", contents: "new\n", overwrite: true }, context());
    expect(readFileSync(join(work, "kept.txt"), "utf8")).toBe("new\n");
  });

  it("http-download refuses without allowOverwrite, before any request, and replaces with it", async () => {
    writeFileSync(join(work, "download.txt"), "old\n");
    const refused = await httpDownload({ url: `${base}/file`, outPath: "./download.txt" }, context()).catch((error: unknown) => error);
    expect(isStepFailure(refused)).toBe(true);
    expect((refused as Error).message).toBe('step "http-download": file "./download.txt" exists (set allowOverwrite: true to replace it)');
    expect(downloads).toBe(0);
    expect(readFileSync(join(work, "download.txt"), "utf8")).toBe("old\n");
    await httpDownload({ url: `${base}/file`, outPath: "./download.txt", allowOverwrite: true }, context());
    expect(downloads).toBe(1);
    expect(readFileSync(join(work, "download.txt"), "utf8")).toBe("downloaded\n");
  });
});
