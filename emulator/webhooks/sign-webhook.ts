/**
 * WorkOS's webhook signature, as `@workos-inc/node` checks it (`SignatureProvider.verifyHeader`
 * in 12.3.0): `WorkOS-Signature: t=<epoch ms>, v1=<hex HMAC-SHA256 of "<t>.<raw body>">` keyed
 * with the endpoint's secret, and `t` within the tolerance (180 s by default) of the receiver's clock.
 */
import { createHmac } from 'node:crypto';

/** The header name WorkOS sends (HTTP header names are case-insensitive). */
export const SIGNATURE_HEADER = 'WorkOS-Signature';

/** The `WorkOS-Signature` value for `body` sent at `timestampMs`. */
export function signWebhook(body: string, secret: string, timestampMs: number): string {
  const t = String(Math.trunc(timestampMs));
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
  return `t=${t}, v1=${v1}`;
}
