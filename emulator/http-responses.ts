import type { ServerResponse } from 'node:http';

/** A response before it is written: status, content type, body and extra headers. */
export interface PlannedResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The content type of every JSON response; the SDK only parses bodies whose type includes this. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A JSON response. */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): PlannedResponse {
  return { status, contentType: JSON_CONTENT_TYPE, body: typeof body === 'string' ? body : JSON.stringify(body), ...(headers ? { headers } : {}) };
}

/**
 * The HTML page a reverse proxy or load balancer answers with when the upstream fails. The point
 * of serving HTML is that the SDK cannot parse it and throws a plain Error with a ParseError cause.
 */
export function proxyErrorPage(status: number): PlannedResponse {
  const title = `${status} ${PROXY_REASONS[status] ?? 'Error'}`;
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { status, contentType: 'text/html', body };
}

const PROXY_REASONS: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/**
 * Writes a planned response with `Content-Type`, `Content-Length` and `X-Request-ID`.
 * Does nothing if the client has already gone (e.g. it timed out during an injected delay).
 */
export function writeResponse(res: ServerResponse, planned: PlannedResponse, requestId: string): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(planned.status, {
    'Content-Type': planned.contentType,
    'Content-Length': Buffer.byteLength(planned.body),
    'X-Request-ID': requestId,
    ...planned.headers,
  });
  res.end(planned.body);
}
