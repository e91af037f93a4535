/**
 * The CSP HTTP binding on node:http. A client POSTs one CSP message (WBXML or XML text, told apart
 * by Content-Type) and gets the answer in the response body, in the same format and CSP version;
 * an empty body (200, Content-Length 0) when there is nothing to say (an idle poll, an
 * acknowledgement). The server never pushes: server-initiated transactions wait for a
 * Polling-Request.
 *
 * What is not a CSP message gets an HTTP error and the server carries on:
 *   405 not a POST · 415 another Content-Type · 413 a body over `maxBodyBytes` ·
 *   400 a body that is not WBXML/XML of CSP 1.2 or 1.3 (the reason in a text/plain body).
 * A CSP message that breaks the envelope's structure gets a CSP Status 400 instead.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CspElement } from '../generated/index.js';
import { EnvelopeError, readEnvelope, writeEnvelope } from '../csp/envelope.js';
import { CONTENT_TYPES, formatOf, readMessage, type WireForm, WireError, writeMessage } from '../csp/wire.js';
import { Status } from '../csp/status.js';
import { ImpsService, type ServiceOptions, status } from './service.js';

export interface ServerOptions extends ServiceOptions {
  /** Largest request body accepted, bytes. Default 64 KiB (a CSP message is rarely over a few KB). */
  readonly maxBodyBytes?: number;
  /** Called for an unexpected error (a bug); the request gets a 500. Default: console.error. */
  readonly onError?: (error: unknown) => void;
}

export interface ImpsHttpServer {
  readonly service: ImpsService;
  readonly http: Server;
  /** Starts listening (port 0 = any free port) and resolves with the address. */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export function createImpsServer(options: ServerOptions): ImpsHttpServer {
  const service = new ImpsService(options);
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  // The codec's own limits, tightened to the body size: nothing decoded can outgrow the request.
  const limits = { maxDocumentSize: maxBodyBytes, maxStringLength: maxBodyBytes, maxDepth: 64 };
  const onError = options.onError ?? ((e: unknown) => console.error(e));

  const http = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 10_000 }, (req, res) => {
    serve(req, res).catch((e: unknown) => {
      onError(e);
      if (!res.headersSent) plain(res, 500, 'internal error');
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return refuse(req, res, 405, 'CSP messages are POSTed', { Allow: 'POST' });
    const format = formatOf(req.headers['content-type']);
    if (!format) return refuse(req, res, 415, `Content-Type must be ${CONTENT_TYPES.wbxml} or ${CONTENT_TYPES.xml}`);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) return refuse(req, res, 413, `the body is over ${maxBodyBytes} bytes`);
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) return refuse(req, res, 413, `the body is over ${maxBodyBytes} bytes`);

    let form: WireForm;
    let answer: CspElement | undefined;
    try {
      const incoming = readMessage(format, body, limits);
      form = incoming;
      try {
        answer = service.handle(readEnvelope(incoming.doc, incoming.version));
      } catch (e) {
        if (!(e instanceof EnvelopeError)) throw e;
        answer = writeEnvelope(
          incoming.version,
          undefined,
          [{ mode: 'Response', id: e.transactionId ?? '', primitive: status(Status.BadRequest, `not a CSP message: ${e.message}`) }],
          false,
        );
      }
    } catch (e) {
      if (e instanceof WireError) return plain(res, 400, e.message);
      throw e;
    }
    const bytes = answer === undefined ? new Uint8Array() : writeMessage(form, answer);
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[format], 'Content-Length': bytes.length });
    res.end(bytes);
  }

  return {
    service,
    http,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          resolve(http.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

/** The body, or `undefined` as soon as it grows past `max` (the rest is not read). */
function readBody(req: IncomingMessage, max: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (size <= max) resolve(new Uint8Array(Buffer.concat(chunks, size)));
    });
    req.once('error', reject);
  });
}

/** An HTTP error for a request whose body will not be read: the connection closes after it. */
function refuse(req: IncomingMessage, res: ServerResponse, code: number, message: string, headers: Record<string, string> = {}): void {
  res.setHeader('Connection', 'close');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  plain(res, code, message);
  req.resume();
}

function plain(res: ServerResponse, code: number, message: string): void {
  const body = Buffer.from(`${message}\n`);
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}
