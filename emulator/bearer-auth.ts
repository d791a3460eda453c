/**
 * Whether an `Authorization` header carries exactly the emulator's key as a bearer token.
 * Every emulated endpoint checks this first, so a bad key never leaks validation details.
 */
export function isAuthorizedBearer(header: string | undefined, apiKey: string): boolean {
  if (header === undefined) return false;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match !== null && match[1] === apiKey;
}
