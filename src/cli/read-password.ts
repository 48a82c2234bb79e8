import { LocalError } from "./cli-errors.js";
import type { CliIo } from "./cli-context.js";

/**
 * Reads a password: from a terminal with a prompt on stderr and no echo, otherwise the first line
 * of stdin (so `echo "$PW" | kargo-api login --admin` works). A usage-free local error when empty.
 */
export async function readPassword(io: CliIo, prompt = "Password: "): Promise<string> {
  const { stdin } = io;
  let text: string;
  if (stdin.isTTY && stdin.setRawMode) {
    io.stderr.write(prompt);
    text = await readTerminalLine(stdin as NodeJS.ReadStream);
    io.stderr.write("\n");
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
    text = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  }
  if (text === "") throw new LocalError("no_password", "no password given (type it at the prompt or pipe it on stdin)");
  return text;
}

function readTerminalLine(stdin: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let line = "";
    stdin.setRawMode(true);
    stdin.resume();
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003") return done(new LocalError("cancelled", "login cancelled"));
        if (ch === "\u007f" || ch === "\b") line = line.slice(0, -1);
        else line += ch;
      }
    };
    stdin.on("data", onData);
  });
}
