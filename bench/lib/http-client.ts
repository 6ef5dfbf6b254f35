import { Agent, request } from 'node:http';

/** A JSON answer: its status and body text. */
export type HttpAnswer = { status: number; text: string };

/**
 * The load generator's HTTP client: node:http over a keep-alive agent, one socket per concurrent
 * caller and no pipelining. `fetch` costs several times more CPU per request than the server under
 * test, so with it the client, not the server, was the limit (hello-world ~2,800 req/s).
 */
export class HttpClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, sockets: number) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  /** Sends `body` as JSON with a bearer token; resolves to the status and the body text. */
  send(method: 'POST' | 'PATCH', path: string, token: string, body: unknown): Promise<HttpAnswer> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.host,
          port: this.port,
          method,
          path,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
