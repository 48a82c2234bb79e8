import { pino, type DestinationStream, type LevelWithSilent, type Logger } from "pino";

/**
 * Paths pino redacts in every line, configured once here. Covers the
 * `authorization` header wherever headers are logged and secret-looking
 * fields of any object logged one or two levels deep. Messages themselves are
 * never logged; this is the safety net for what is.
 */
export const redactPaths: readonly string[] = [
  "authorization",
  "cookie",
  "password",
  "token",
  "id_token",
  "idToken",
  "secret",
  "*.authorization",
  "*.Authorization",
  "*.cookie",
  "*.password",
  "*.passwordHash",
  "*.token",
  "*.id_token",
  "*.idToken",
  "*.secret",
  "*.tokenSigningKey",
  "*.*.authorization",
  "*.*.password",
  "*.*.token",
  "*.*.id_token",
  "*.*.secret",
];

/**
 * Creates the server's root logger (JSON lines on stdout unless a
 * destination is given, e.g. a stream a test reads).
 */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "kargo-api" },
    redact: { paths: [...redactPaths], censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}
