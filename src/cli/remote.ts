// The running server's local admin endpoint: a Unix socket in DATA_DIR (file permissions, never
// the network). Other `cdp` processes send their argv here while `cdp start` holds the embedded
// database, and the verb runs inside the server on its open database.
import fs from 'node:fs';
import http from 'node:http';

export interface ExecRequest {
  argv: string[];
  cwd: string;
  /** The caller's whole stdin when it was not a terminal. */
  stdin?: string;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function serveAdminSocket(
  socketPath: string,
  exec: (req: ExecRequest) => Promise<ExecResult>,
): Promise<{ close(): Promise<void> }> {
  try {
    fs.unlinkSync(socketPath);
  } catch {
    /* no stale socket */
  }
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/exec') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: ExecRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExecRequest;
        if (!Array.isArray(body.argv)) throw new Error('argv missing');
      } catch (e) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (e as Error).message }));
        return;
      }
      exec(body).then(
        (r) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(r)),
        (e: unknown) =>
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ stdout: '', stderr: `Internal error in the server: ${(e as Error).message}\n`, exitCode: 70 })),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        try {
          fs.unlinkSync(socketPath);
        } catch {
          /* gone */
        }
      }),
  };
}

export function execRemote(socketPath: string, req: ExecRequest): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(req);
    const r = http.request(
      { socketPath, path: '/exec', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExecResult & { error?: string };
            if (parsed.error) reject(new Error(parsed.error));
            else resolve(parsed);
          } catch (e) {
            reject(e as Error);
          }
        });
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}
