import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { useTempDir } from "./store-fixtures.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const storeDir = join(here, "../../../src/embedded/store");

describe("the store README", () => {
  const dir = useTempDir();

  it("opens with a snippet that runs and does what its comments say", () => {
    const readme = readFileSync(join(storeDir, "README.md"), "utf8");
    const snippet = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const script = join(dir(), "snippet.ts");
    writeFileSync(
      script,
      snippet.replace('"./open-store.js"', JSON.stringify(join(storeDir, "open-store.ts"))) +
        "\nconsole.log(JSON.stringify({ events, version: bookmark.object.metadata.resourceVersion }));\n",
    );
    const output = execFileSync(process.execPath, ["--import", "tsx", script], { cwd: join(here, "../../.."), encoding: "utf8" });
    expect(JSON.parse(output)).toEqual({ events: ["ADDED"], version: "1" });
  });
});
