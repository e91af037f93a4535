/**
 * A CSP client for the tests: it builds request envelopes by hand (not with the server's own
 * envelope code), sends them over real HTTP on loopback, and reads the answers back with the
 * generated decoder (WBXML) or imps-tokengen's XML reader.
 */
import { fromXml } from 'imps-tokengen/xml';
import { decode, encode, isElement, textOf, toXml, type CspElement, type CspNode, registry } from '../../src/generated/index.js';
import { createImpsServer, type ImpsHttpServer, ManualClock, type ServerOptions } from '../../src/index.js';

export type Version = '1.2' | '1.3';
export type Wire = 'wbxml' | 'xml';

export const NS = {
  '1.2': { csp: 'http://www.openmobilealliance.org/DTD/WV-CSP1.2', trc: 'http://www.openmobilealliance.org/DTD/WV-TRC1.2', pa: '' },
  '1.3': {
    csp: 'http://www.openmobilealliance.org/DTD/IMPS-CSP1.3',
    trc: 'http://www.openmobilealliance.org/DTD/IMPS-TRC1.3',
    pa: 'http://www.openmobilealliance.org/DTD/IMPS-PA1.3',
  },
} as const;

export const CONTENT_TYPE: Record<Wire, string> = { wbxml: 'application/vnd.wv.csp.wbxml', xml: 'application/vnd.wv.csp.xml' };

/** `e('UserID', 'wv:alice')`, `e('Login-Request', e(...), …)` */
export function e(name: string, ...children: (CspNode | undefined | false)[]): CspElement {
  return { name, attributes: {}, children: children.filter((c): c is CspNode => c !== undefined && c !== false) };
}

export interface Started {
  readonly url: string;
  readonly server: ImpsHttpServer;
  readonly clock: ManualClock;
  /** Unexpected server errors (bugs: each also answered with HTTP 500); the tests expect none. */
  readonly errors: unknown[];
  close(): Promise<void>;
}

/** A server on a free loopback port with users alice, bob, carol (password `pw`) and a ManualClock. */
export async function startServer(options: Partial<ServerOptions> = {}): Promise<Started> {
  const clock = new ManualClock();
  const errors: unknown[] = [];
  const server = createImpsServer({
    users: { 'wv:alice': { password: 'pw' }, 'wv:bob': { password: 'pw' }, 'wv:carol': { password: 'pw', sessionLimit: 2 } },
    clock,
    onError: (err) => errors.push(err),
    ...options,
  });
  const { port } = await server.listen(0);
  return { url: `http://127.0.0.1:${port}/`, server, clock, errors, close: () => server.close() };
}

export interface Transaction {
  readonly mode: 'Request' | 'Response';
  readonly id: string;
  readonly primitive: CspElement;
}

export interface Reply {
  readonly status: number;
  readonly contentType: string | null;
  /** The raw body. */
  readonly body: Uint8Array;
  readonly doc: CspElement | undefined;
  readonly transactions: readonly Transaction[];
  /** Session/Poll = T: more server-initiated transactions wait. */
  readonly poll: boolean;
}

export async function post(url: string, body: Uint8Array | string, contentType: string, method = 'POST'): Promise<Response> {
  return fetch(url, { method, body: method === 'GET' ? undefined : body, headers: { 'Content-Type': contentType } });
}

/** Reads an answer: WBXML with the generated decoder, XML text with imps-tokengen/xml. */
export async function readReply(res: Response, wire: Wire): Promise<Reply> {
  const body = new Uint8Array(await res.arrayBuffer());
  let doc: CspElement | undefined;
  if (res.status === 200 && body.length > 0) doc = wire === 'wbxml' ? decode(body).doc : fromXml(new TextDecoder().decode(body)).doc;
  const session = doc && kid(doc, 'Session');
  const transactions = session
    ? kids(session, 'Transaction').map((t) => {
        const td = kid(t, 'TransactionDescriptor')!;
        return {
          mode: text(td, 'TransactionMode') as 'Request' | 'Response',
          id: text(td, 'TransactionID') ?? '',
          primitive: kid(t, 'TransactionContent')!.children.find(isElement)!,
        };
      })
    : [];
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body,
    doc,
    transactions,
    poll: session ? text(session, 'Poll') === 'T' : false,
  };
}

export function kid(el: CspElement, name: string): CspElement | undefined {
  return el.children.find((c): c is CspElement => isElement(c) && c.name === name);
}
export function kids(el: CspElement, name: string): CspElement[] {
  return el.children.filter((c): c is CspElement => isElement(c) && c.name === name);
}
export function text(el: CspElement, name: string): string | undefined {
  const c = kid(el, name);
  return c && textOf(c).trim();
}
/** The text at a path of child names: `at(p, 'Result', 'Code')`. */
export function at(el: CspElement, ...path: string[]): string | undefined {
  let cur: CspElement | undefined = el;
  for (const name of path.slice(0, -1)) cur = cur && kid(cur, name);
  return cur && text(cur, path[path.length - 1]!);
}

/** The code of a primitive's Result (a Status, a Login-Response, …). */
export function code(primitive: CspElement): number {
  return Number(at(primitive, 'Result', 'Code'));
}

export interface LoginOptions {
  readonly password?: string;
  readonly applicationId?: string;
  readonly timeToLive?: number;
  /** CSP 1.3 capabilities sent in the Login-Request. */
  readonly capabilities?: readonly CspElement[];
}

/** One client device/application: a ClientID, a CSP version, a wire format, and a session once logged in. */
export class CspClient {
  sessionId: string | undefined;
  private tx = 0;

  constructor(
    readonly url: string,
    readonly user: string,
    readonly clientUrl: string,
    readonly version: Version = '1.3',
    readonly wire: Wire = 'wbxml',
  ) {}

  /** The whole request message around these transactions. */
  envelope(transactions: readonly Transaction[], sessionId = this.sessionId): CspElement {
    const ns = NS[this.version];
    return {
      name: 'WV-CSP-Message',
      attributes: { xmlns: ns.csp },
      children: [
        e(
          'Session',
          e('SessionDescriptor', e('SessionType', sessionId ? 'Inband' : 'Outband'), sessionId !== undefined && e('SessionID', sessionId)),
          ...transactions.map((t) =>
            e('Transaction', e('TransactionDescriptor', e('TransactionMode', t.mode), e('TransactionID', t.id)), {
              name: 'TransactionContent',
              attributes: { xmlns: ns.trc },
              children: [t.primitive],
            }),
          ),
        ),
      ],
    };
  }

  encodeMessage(doc: CspElement): Uint8Array | string {
    return this.wire === 'wbxml' ? encode(doc, { version: this.version }) : toXml(doc);
  }

  async exchange(transactions: readonly Transaction[], sessionId = this.sessionId): Promise<Reply> {
    const res = await post(this.url, this.encodeMessage(this.envelope(transactions, sessionId)), CONTENT_TYPE[this.wire]);
    return readReply(res, this.wire);
  }

  /** Sends one request primitive; returns the answer's primitive (throws if there is none). */
  async request(primitive: CspElement): Promise<CspElement> {
    const reply = await this.exchange([{ mode: 'Request', id: String(++this.tx), primitive }]);
    const t = reply.transactions[0];
    if (!t) throw new Error(`no answer to ${primitive.name} (HTTP ${reply.status})`);
    return t.primitive;
  }

  async login(options: LoginOptions = {}): Promise<CspElement> {
    const response = await this.request(
      e(
        'Login-Request',
        e('UserID', this.user),
        e('ClientID', e('URL', this.clientUrl)),
        options.applicationId !== undefined && e('ApplicationID', options.applicationId),
        e('Password', options.password ?? 'pw'),
        options.timeToLive !== undefined && e('TimeToLive', String(options.timeToLive)),
        options.capabilities && e('CapabilityList', ...options.capabilities),
      ),
    );
    if (code(response) === 200) this.sessionId = text(response, 'SessionID');
    return response;
  }

  logout(): Promise<CspElement> {
    return this.request(e('Logout-Request'));
  }

  keepAlive(timeToLive?: number): Promise<CspElement> {
    return this.request(e('KeepAlive-Request', timeToLive !== undefined && e('TimeToLive', String(timeToLive))));
  }

  /** SendMessage-Request of a text to a user (optionally to one of their applications). */
  send(to: string, content: string, target?: { applicationId?: string; clientUrl?: string }): Promise<CspElement> {
    return this.request(
      e(
        'SendMessage-Request',
        e('DeliveryReport', 'F'),
        e(
          'MessageInfo',
          e('ContentType', 'text/plain'),
          e(
            'Recipient',
            e(
              'User',
              e('UserID', to),
              target?.applicationId !== undefined && e('ApplicationID', target.applicationId),
              target?.clientUrl !== undefined && e('ClientID', e('URL', target.clientUrl)),
            ),
          ),
        ),
        e('ContentData', content),
      ),
    );
  }

  /** One Polling-Request; the server-initiated transaction it brings, if any. */
  async poll(): Promise<{ transaction: Transaction | undefined; more: boolean; reply: Reply }> {
    const reply = await this.exchange([{ mode: 'Request', id: String(++this.tx), primitive: e('Polling-Request') }]);
    return { transaction: reply.transactions[0], more: reply.poll, reply };
  }

  /** Answers a server-initiated transaction (MessageDelivered, Status…); returns the HTTP reply. */
  answer(to: Transaction, primitive: CspElement): Promise<Reply> {
    return this.exchange([{ mode: 'Response', id: to.id, primitive }]);
  }

  /**
   * Polls until nothing waits, acknowledging each NewMessage with MessageDelivered and anything
   * else with Status 200; returns what arrived.
   */
  async drain(): Promise<CspElement[]> {
    const got: CspElement[] = [];
    for (;;) {
      const { transaction } = await this.poll();
      if (!transaction) return got;
      got.push(transaction.primitive);
      if (transaction.primitive.name === 'NewMessage')
        await this.answer(transaction, e('MessageDelivered', e('MessageID', at(transaction.primitive, 'MessageInfo', 'MessageID')!)));
      else await this.answer(transaction, e('Status', e('Result', e('Code', '200'))));
    }
  }
}

/** The ContentData texts of NewMessage primitives. */
export function contents(primitives: readonly CspElement[]): string[] {
  return primitives.filter((p) => p.name === 'NewMessage').map((p) => text(p, 'ContentData') ?? '');
}

export { registry };
