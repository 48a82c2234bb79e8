/**
 * A fresh value for the refresh annotation (REFRESH_ANNOTATION), whoever asks for the refresh (the
 * Refresh* RPCs, the webhook receivers): the current time in RFC 3339 with milliseconds.
 * Kargo writes whole seconds, so two refreshes within one second are the same value and the
 * second one is lost; ours differ, and when `previous` (the stored value) happens to equal the
 * new one, the token is moved on by a millisecond so every refresh is a change.
 */
export function refreshToken(previous?: string, now: Date = new Date()): string {
  let token = now.toISOString();
  if (token === previous) token = new Date(now.getTime() + 1).toISOString();
  return token;
}
