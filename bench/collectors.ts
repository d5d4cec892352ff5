// Collectors for the benchmarks' shipping, on 127.0.0.1: a syslog receiver over TCP (RFC 6587 octet
// counting: it counts the frames) and an OTLP/HTTP receiver that acknowledges every export with 200. They
// keep counts, never the messages: a backlog of hundreds of thousands of events passes through them.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

export interface BenchCollectors {
  /** CASUS_AUDIT_SYSLOG_URL and CASUS_AUDIT_OTLP_ENDPOINT pointing at them. */
  env: Record<string, string>;
  received(): { syslogBytes: number; otlpRequests: number; otlpBytes: number };
  close(): Promise<void>;
}

export async function startCollectors(): Promise<BenchCollectors> {
  let syslogBytes = 0;
  let otlpRequests = 0;
  let otlpBytes = 0;
  const sockets = new Set<Socket>();
  const syslog = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => (syslogBytes += chunk.length));
    socket.on('error', () => undefined);
  });
  const otlp = createHttpServer((req, res) => {
    req.on('data', (chunk: Buffer) => (otlpBytes += chunk.length));
    req.on('end', () => {
      otlpRequests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => syslog.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => otlp.listen(0, '127.0.0.1', resolve));
  return {
    env: {
      CASUS_AUDIT_SYSLOG_URL: `tcp://127.0.0.1:${(syslog.address() as AddressInfo).port}`,
      CASUS_AUDIT_OTLP_ENDPOINT: `http://127.0.0.1:${(otlp.address() as AddressInfo).port}`,
    },
    received: () => ({ syslogBytes, otlpRequests, otlpBytes }),
    close: async () => {
      otlp.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => otlp.close(() => resolve())),
        new Promise<void>((resolve) => {
          syslog.close(() => resolve());
          // Shippers keep their connections open: end them so close() can finish.
          for (const socket of sockets) socket.destroy();
        }),
      ]);
    },
  };
}
