/**
 * The one entry point for record values: `createCodec` picks the registry codec when a registry
 * is configured and plain JSON otherwise. Keys never go through it (see `key-codec.ts`).
 */
import { ConnectorError } from '../core/errors.js';
import type { Codec, CodecOptions } from './codec-types.js';
import { createJsonCodec } from './json-codec.js';
import { createRegistryClient, createRegistryCodec } from './registry-codec.js';

export type { Codec, CodecOptions, RegistryAuth, RegistryClient } from './codec-types.js';

/**
 * Creates the value codec for `options.topic`. With `registryUrl` (or `registryClient`): JSON
 * Schema through the registry, Confluent framing, subject `<topic>-value`, schema registered
 * once on first encode. Without: plain JSON UTF-8. Throws `CONFIG_INVALID` for an empty topic or
 * a registry URL that is not http(s).
 */
export function createCodec(options: CodecOptions): Codec {
  if (options.topic.trim() === '') {
    throw new ConnectorError('Codec topic must not be empty', { code: 'CONFIG_INVALID' });
  }
  if (options.registryClient !== undefined) return createRegistryCodec(options.registryClient, options);
  const url = options.registryUrl?.trim();
  if (url === undefined || url === '') return createJsonCodec(options.topic);
  if (!/^https?:\/\/[^/]/i.test(url)) {
    throw new ConnectorError(`Schema registry URL must start with http:// or https://, got "${url}"`, {
      code: 'CONFIG_INVALID',
    });
  }
  return createRegistryCodec(createRegistryClient(url, options.registryAuth), options);
}
