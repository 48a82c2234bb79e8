import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer, type Server } from "node:net";

/** The targets of this process's open file descriptors (Linux /proc): paths, `socket:[inode]` … */
function openDescriptors(): string[] {
  const targets: string[] = [];
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      targets.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // Closed between the listing and the read (the listing's own descriptor, for one).
    }
  }
  return targets;
}

/** The files under `dir` this process holds open (a SQLite database not closed, say). */
export function openFilesUnder(dir: string): string[] {
  return openDescriptors().filter((target) => target.startsWith(`${dir}/`));
}

/** The inodes of this process's open sockets (listening, connected, IPC). */
export function openSockets(): Set<string> {
  return new Set(openDescriptors().flatMap((target) => /^socket:\[(\d+)\]$/u.exec(target)?.[1] ?? []));
}

/** The ports of the TCP sockets this process listens on (IPv4 and IPv6), sorted. */
export function listeningPorts(): number[] {
  const mine = openSockets();
  const ports: number[] = [];
  for (const table of ["/proc/self/net/tcp", "/proc/self/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/u);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; field 9 is the inode.
      if (fields.length > 9 && fields[3] === "0A" && mine.has(fields[9]!)) ports.push(Number.parseInt(fields[1]!.split(":")[1]!, 16));
    }
  }
  return ports.sort((a, b) => a - b);
}

/** A TCP listener on 127.0.0.1 holding a free port, so that a server configured with that port meets EADDRINUSE. */
export async function occupyPort(): Promise<{ port: number; server: Server; close(): Promise<void> }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { port, server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
