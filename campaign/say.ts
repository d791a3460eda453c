/** Progress lines go to stderr; stdout carries only the final table. */
export function say(message: string): void {
  process.stderr.write(`[campaign] ${message}\n`);
}
