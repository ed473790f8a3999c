// casebot's own HTTP server for the web app, used when no Slack HTTP server runs (the shell,
// Socket Mode, Discord): CASEBOT_HTTP_PORT, bound to 127.0.0.1 unless CASEBOT_HTTP_HOST says
// otherwise (put a TLS proxy in front to reach it from elsewhere).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebApp } from './web-app.js';

export interface RunningWebServer {
  port: number;
  /** http://host:port, as bound. */
  url: string;
  close(): Promise<void>;
}

export async function startWebServer(
  app: WebApp,
  options: { port: number; host: string },
): Promise<RunningWebServer> {
  const server: Server = createServer((req, res) => {
    void app.listener(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
