/** Reading list filters the way the SDKs send them. */

/** A single-valued filter, `null` when absent or empty. */
export function filterValue(params: URLSearchParams, name: string): string | null {
  const value = params.get(name);
  return value === null || value === '' ? null : value;
}

/**
 * A multi-valued filter. The Node SDK passes arrays through `URLSearchParams`, which joins them
 * with commas (`domains=a.com,b.com`); other clients repeat the key or use `name[]`. All three count.
 */
export function filterValues(params: URLSearchParams, name: string): string[] {
  return [...params.getAll(name), ...params.getAll(`${name}[]`)]
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}
