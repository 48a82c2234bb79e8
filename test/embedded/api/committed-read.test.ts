import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { useControlPlaneDataDir, spawnControlPlane, type ChildControlPlane } from "../controllers/support/spawn-control-plane.js";

// A client's read (GET, LIST) answers committed state only. The store commits the writes of one
// event-loop turn together on the next turn (group commit); a read handled in between, on the same
// SQLite connection, would see rows whose COMMIT has not happened and may still fail, and a list
// would report the counter from before them (it moves at the COMMIT). The API commits the open
// group right before it reads. The control plane runs in a child process whose loop is busy for
// 200 ms every turn before the COMMIT, so requests sent together are handled in one turn, in the
// order they were sent: the reads after the writes, in the writes' group.
const BUSY = fileURLToPath(new URL("./busy-control-plane-process.ts", import.meta.url));
const BUSY_LIMITED = fileURLToPath(new URL("./busy-limited-control-plane-process.ts", import.meta.url));
const WRITERS = 4;

interface Answer {
  status: number;
  body: string;
}

interface ListBody {
  metadata: { resourceVersion: string };
  items: { metadata: { name: string; resourceVersion: string } }[];
}

/** One request; `onAnswer` runs synchronously when the whole answer is in (before the promise settles). */
function call(
  plane: ChildControlPlane,
  method: string,
  path: string,
  options: { body?: unknown; agent?: Agent; onAnswer?: (answer: Answer) => void } = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(new URL(path, plane.httpUrl), {
      method,
      agent: options.agent ?? false,
      headers: { Authorization: `Bearer ${plane.token}`, "Content-Type": "application/json" },
    });
    req.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        const answer = { status: response.statusCode ?? 0, body: text };
        options.onAnswer?.(answer);
        resolve(answer);
      });
      response.on("error", () => resolve({ status: 0, body: "" }));
    });
    // A kill resets the connections whose answer had not arrived.
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

const CONFIGMAPS = "/api/v1/namespaces/default/configmaps";
const configMap = (name: string, value = "v") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { value } });

/**
 * `count` keep-alive connections, opened by a first list each. Requests sent on them in one tick
 * are read by the child in its next turn in the order sent (a new connection's first request
 * would be read only after those of connections already open), so writes sent first are made
 * before the reads sent after them.
 */
async function openConnections(plane: ChildControlPlane, count: number): Promise<Agent[]> {
  const agents = Array.from({ length: count }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
  await Promise.all(agents.map((agent) => call(plane, "GET", CONFIGMAPS, { agent })));
  return agents;
}

/** Sends WRITERS creates, then `reads` (one per reader connection), in the same tick. */
function burst(
  plane: ChildControlPlane,
  connections: { writers: Agent[]; readers: Agent[] },
  prefix: string,
  reads: string[],
  onRead: (answer: Answer) => void,
): Promise<{ created: Answer[]; read: Answer[] }> {
  const created = connections.writers.map((agent, writer) => call(plane, "POST", CONFIGMAPS, { agent, body: configMap(`${prefix}-${writer}`) }));
  const read = reads.map((path, reader) => call(plane, "GET", path, { agent: connections.readers[reader]!, onAnswer: onRead }));
  return Promise.all([Promise.all(created), Promise.all(read)]).then(([c, r]) => ({ created: c, read: r }));
}

/** The names of the objects a 200 answer to a GET or LIST shows. */
function shownNames(answer: Answer): string[] {
  if (answer.status !== 200) return [];
  const body = JSON.parse(answer.body) as { items?: { metadata: { name: string } }[]; metadata: { name?: string } };
  return body.items ? body.items.map((item) => item.metadata.name) : [body.metadata.name ?? ""];
}

describe("a client's read of the embedded API", () => {
  const dataDir = useControlPlaneDataDir("kargo-committed-read-", { perTest: true });

  it("shows only what survives a kill -9 sent the moment its answer arrives", async () => {
    const plane = await spawnControlPlane(dataDir(), BUSY);
    const shown = new Set<string>();
    let killed: Promise<void> | undefined;
    const reads = [CONFIGMAPS, ...Array.from({ length: WRITERS }, (_, writer) => `${CONFIGMAPS}/w-${writer}`)];
    const connections = { writers: await openConnections(plane, WRITERS), readers: await openConnections(plane, reads.length) };
    try {
      await burst(plane, connections, "w", reads, (answer) => {
        const written = shownNames(answer).filter((name) => name.startsWith("w-"));
        for (const name of written) shown.add(name);
        // Sent synchronously, before anything else runs here.
        if (written.length > 0) killed ??= plane.kill();
      });
      await (killed ?? plane.kill());
    } finally {
      for (const agent of [...connections.writers, ...connections.readers]) agent.destroy();
    }
    expect(shown.size).toBeGreaterThan(0);

    const restarted = await spawnControlPlane(dataDir(), BUSY);
    try {
      for (const name of shown) expect([name, (await call(restarted, "GET", `${CONFIGMAPS}/${name}`)).status]).toEqual([name, 200]);
    } finally {
      await restarted.kill();
    }
  });

  it("lists under a resourceVersion at least every listed object's, while writes of its turn are open", async () => {
    const plane = await spawnControlPlane(dataDir(), BUSY);
    const connections = { writers: await openConnections(plane, WRITERS), readers: await openConnections(plane, 2) };
    try {
      const lists: ListBody[] = [];
      let afterWrites = 0;
      for (let round = 0; round < 3; round++) {
        const { created, read } = await burst(plane, connections, `r${round}`, [CONFIGMAPS, CONFIGMAPS], () => undefined);
        expect(created.map((answer) => answer.status)).toEqual(Array.from({ length: WRITERS }, () => 201));
        for (const answer of read) {
          expect(answer.status).toBe(200);
          const list = JSON.parse(answer.body) as ListBody;
          lists.push(list);
          // Read after the round's writes (in their turn, unless the child's loop split the burst).
          if (list.items.some((item) => item.metadata.name.startsWith(`r${round}-`))) afterWrites++;
        }
      }
      expect(afterWrites).toBeGreaterThan(0);
      for (const list of lists) {
        const listed = Number(list.metadata.resourceVersion);
        const newer = list.items.filter((item) => Number(item.metadata.resourceVersion) > listed);
        expect([listed, newer.map((item) => `${item.metadata.name}@${item.metadata.resourceVersion}`)]).toEqual([listed, []]);
      }
    } finally {
      for (const agent of [...connections.writers, ...connections.readers]) agent.destroy();
      await plane.kill();
    }
  });

  it("made while its turn's COMMIT fails answers an error, never the failed group's objects", async () => {
    const plane = await spawnControlPlane(dataDir(), BUSY_LIMITED);
    const agents = await openConnections(plane, 4);
    const [writer, ...readers] = agents as [Agent, ...Agent[]];
    try {
      const before = (await call(plane, "GET", CONFIGMAPS, { agent: writer })).body;
      const reads: Answer[] = [];
      const failedReads = () => reads.filter((answer) => answer.status !== 200);
      // The write exceeds the child's file-size limit at its group's COMMIT (the object is stored
      // twice, row and history, beyond the child's 64 KiB margin) and fails there; the store goes
      // on. Its body fits in one read, so the write is made as its bytes arrive, before the lists.
      for (let round = 0; round < 8 && failedReads().length === 0; round++) {
        const write = call(plane, "POST", CONFIGMAPS, { agent: writer, body: configMap(`too-large-${round}`, "x".repeat(48 * 1024)) });
        const listed = await Promise.all(readers.map((agent) => call(plane, "GET", CONFIGMAPS, { agent })));
        expect((await write).status).toBe(500);
        reads.push(...listed);
      }

      // The first list after the write committed its group, which failed: that list answered the
      // error; the next ones read the state without the group.
      expect(failedReads().length).toBeGreaterThan(0);
      for (const answer of failedReads()) {
        expect([answer.status, (JSON.parse(answer.body) as { message: string }).message]).toEqual([
          500,
          "an error on the server has prevented the request from succeeding",
        ]);
      }
      for (const answer of reads) expect(shownNames(answer).filter((name) => name.startsWith("too-large-"))).toEqual([]);
      expect((await call(plane, "GET", CONFIGMAPS)).body).toBe(before);
    } finally {
      for (const agent of agents) agent.destroy();
      await plane.kill();
    }
  });
});
