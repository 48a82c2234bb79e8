/** The pino-compatible logger the controllers write to (structured fields first, short message). */
export interface ControllerLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}
