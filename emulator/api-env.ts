/**
 * The connector settings that point it at an emulator instead of api.workos.com: the one place
 * that knows the emulator speaks plain HTTP on a local port with its own key.
 */

/** Where an emulator listens and the key it accepts. */
export interface EmulatorAddress {
  readonly apiKey: string;
  readonly hostname: string;
  readonly port: number;
}

/** `WORKOS_API_*` variables for a connector reading `emulator`. */
export function workosApiEnvFor(emulator: EmulatorAddress): Record<string, string> {
  return {
    WORKOS_API_KEY: emulator.apiKey,
    WORKOS_API_HOSTNAME: emulator.hostname,
    WORKOS_API_PORT: String(emulator.port),
    WORKOS_API_HTTPS: 'false',
  };
}
