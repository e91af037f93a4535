/**
 * The CSP message envelope: `WV-CSP-Message` / `Session` / `SessionDescriptor` + `Transaction`s,
 * each with a `TransactionDescriptor` and one primitive in its `TransactionContent`.
 *
 *   <WV-CSP-Message xmlns="…/IMPS-CSP1.3">
 *     <Session>
 *       <SessionDescriptor><SessionType>Inband</SessionType><SessionID>…</SessionID></SessionDescriptor>
 *       <Transaction>
 *         <TransactionDescriptor><TransactionMode>Request</TransactionMode><TransactionID>7</TransactionID></TransactionDescriptor>
 *         <TransactionContent xmlns="…/IMPS-TRC1.3"><Polling-Request/></TransactionContent>
 *       </Transaction>
 *       <Poll>T</Poll>            (server → client: more server-initiated transactions are waiting)
 *     </Session>
 *   </WV-CSP-Message>
 *
 * Reading checks the structure and nothing else; what a primitive means is the handlers' business.
 */
import { csp12, csp13, type CspElement, type CspTables } from '../generated/index.js';
import { child, children, el, elements, elNs, textIn, value } from './tree.js';

/** The versions this server speaks. */
export type CspVersion = '1.2' | '1.3';

export const TABLES: Readonly<Record<CspVersion, CspTables>> = { '1.2': csp12.tables, '1.3': csp13.tables };

export function isServedVersion(v: string): v is CspVersion {
  return v === '1.2' || v === '1.3';
}

export type TransactionMode = 'Request' | 'Response';

/** One transaction as the client sent it. */
export interface ClientTransaction {
  readonly mode: TransactionMode;
  /** The client's id for its requests; for a `Response` mode transaction, the id of the server's request it answers. */
  readonly id: string;
  readonly primitive: CspElement;
}

export interface RequestEnvelope {
  readonly version: CspVersion;
  /** The session the message belongs to (`Inband`), or none (`Outband`: a login). */
  readonly sessionId: string | undefined;
  readonly transactions: readonly ClientTransaction[];
}

/** A message that is not a CSP envelope (answered with status 400). */
export class EnvelopeError extends Error {
  constructor(
    message: string,
    /** The TransactionID of the first transaction, when it could be read, so the 400 can name it. */
    readonly transactionId?: string,
  ) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

export function readEnvelope(doc: CspElement, version: CspVersion): RequestEnvelope {
  if (doc.name !== 'WV-CSP-Message') throw new EnvelopeError(`the root element is <${doc.name}>, not <WV-CSP-Message>`);
  const session = child(doc, 'Session');
  if (!session) throw new EnvelopeError('<WV-CSP-Message> has no <Session>');
  const descriptor = child(session, 'SessionDescriptor');
  if (!descriptor) throw new EnvelopeError('<Session> has no <SessionDescriptor>');
  const sessionType = textIn(descriptor, 'SessionType');
  const sessionId = textIn(descriptor, 'SessionID');
  if (sessionType !== 'Inband' && sessionType !== 'Outband')
    throw new EnvelopeError(`<SessionType> is ${sessionType === undefined ? 'missing' : `"${sessionType}"`}; it must be Inband or Outband`);
  if (sessionType === 'Inband' && !sessionId) throw new EnvelopeError('an Inband session descriptor needs a <SessionID>');
  const transactions = children(session, 'Transaction').map((t, i): ClientTransaction => {
    const td = child(t, 'TransactionDescriptor');
    const id = td ? (textIn(td, 'TransactionID') ?? '') : '';
    const mode = td ? (textIn(td, 'TransactionMode') ?? 'Request') : undefined;
    if (mode !== 'Request' && mode !== 'Response')
      throw new EnvelopeError(`transaction ${i + 1}: <TransactionMode> must be Request or Response`, id);
    const content = child(t, 'TransactionContent');
    const primitives = content ? elements(content) : [];
    if (primitives.length !== 1)
      throw new EnvelopeError(`transaction ${i + 1}: <TransactionContent> must hold exactly one primitive, not ${primitives.length}`, id);
    return { mode, id, primitive: primitives[0]! };
  });
  if (transactions.length === 0) throw new EnvelopeError('<Session> has no <Transaction>');
  return { version, sessionId: sessionType === 'Inband' ? sessionId : undefined, transactions };
}

/** One transaction the server sends: a response to the client's, or a request of its own (polled). */
export interface ServerTransaction {
  readonly mode: TransactionMode;
  readonly id: string;
  readonly primitive: CspElement;
}

export function writeEnvelope(
  version: CspVersion,
  sessionId: string | undefined,
  transactions: readonly ServerTransaction[],
  poll: boolean,
): CspElement {
  const ns = TABLES[version].namespaces;
  return elNs(
    'WV-CSP-Message',
    ns.csp,
    el(
      'Session',
      el(
        'SessionDescriptor',
        value('SessionType', sessionId === undefined ? 'Outband' : 'Inband'),
        sessionId !== undefined && el('SessionID', sessionId),
      ),
      ...transactions.map((t) =>
        el(
          'Transaction',
          el('TransactionDescriptor', value('TransactionMode', t.mode), el('TransactionID', t.id)),
          elNs('TransactionContent', ns.trc, t.primitive),
        ),
      ),
      // CSP 1.2 moved Poll from the TransactionDescriptor (1.1) to the Session.
      poll && value('Poll', 'T'),
    ),
  );
}
