import http from 'node:http';

export interface Backend {
  name: string;
  port: number;
}

/**
 * The cluster's front: one port on 127.0.0.1, requests handed to the web processes in turn. It stands
 * in for the organization's HTTPS proxy, so it says `X-Forwarded-Proto: https` (the webs then send
 * their Secure session cookie, as production does) and adds the client's address to
 * X-Forwarded-For. A web that refuses the connection (down, restarting) is skipped; a request a web
 * dropped midway is answered 502 and not sent again, since the web may have acted on it.
 * `X-Served-By` names the web that answered.
 */
export function startProxy(port: number, backends: Backend[], log: (line: string) => void) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  let turn = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks), turn++, 0));
    req.on('error', () => res.destroy());
  });

  function forward(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    first: number,
    tried: number,
  ) {
    // A retry goes to the next web after the one that refused, whatever other requests took meanwhile.
    const backend = backends[(first + tried) % backends.length];
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    delete headers['transfer-encoding'];
    if (body.length > 0 || headers['content-length'] !== undefined) headers['content-length'] = body.length;
    const client = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = req.headers['x-forwarded-for']
      ? `${req.headers['x-forwarded-for']}, ${client}`
      : client;
    headers['x-forwarded-proto'] = 'https';
    const upstream = http.request(
      { host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-served-by': backend.name });
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (res.headersSent) res.destroy();
      else if (err.code === 'ECONNREFUSED' && tried + 1 < backends.length)
        forward(req, res, body, first, tried + 1);
      else {
        log(`proxy: ${backend.name} failed ${req.method} ${req.url}: ${err.code ?? err.message}`);
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end('502 Bad Gateway\n');
      }
    });
    upstream.end(body);
  }

  return new Promise<{ close(): Promise<void> }>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            agent.destroy();
          }),
      }),
    );
  });
}
