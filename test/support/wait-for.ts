/** Polls `condition` every `intervalMs` until it holds or `timeoutMs` passes (then throws `what`). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
