import { request as httpRequest } from 'node:http';

/** One answer to a raw request. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The body parsed as JSON when it is JSON, else its text. */
  // Tests read arbitrary JSON shapes.
  readonly body: any;
}

/** A request whose target is sent byte for byte: nothing resolves dot segments or decodes escapes. */
export interface RawRequest {
  readonly method: string;
  /** The request target exactly as it goes on the wire: `/%61pi/setup`, `http://host/api/setup`. */
  readonly target: string;
  readonly headers?: Record<string, string>;
  /** JSON-encoded unless it is a string already. */
  readonly body?: unknown;
}

/**
 * Sends one HTTP/1.1 request to 127.0.0.1:`port` with node:http and the target as given (fetch and
 * URL would normalise it). The Host header defaults to 127.0.0.1:port.
 */
export function rawRequest(port: number, raw: RawRequest): Promise<RawResponse> {
  const payload = raw.body === undefined ? undefined : typeof raw.body === 'string' ? raw.body : JSON.stringify(raw.body);
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, connection: 'close', ...raw.headers };
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method: raw.method, path: raw.target, headers, setHost: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // Not JSON: keep the text.
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
}
