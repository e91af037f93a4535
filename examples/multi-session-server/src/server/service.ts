/**
 * The IMPS service behind the HTTP binding: one request envelope in, one response envelope (or
 * nothing) out. Transport-free, so it reads like the protocol: each transaction of the message is
 * dispatched by its primitive, and Response-mode transactions are the client's answers to what the
 * server sent it in earlier poll answers.
 */
import type { CspElement } from '../generated/index.js';
import { type ClientTransaction, type CspVersion, type RequestEnvelope, type ServerTransaction, writeEnvelope } from '../csp/envelope.js';
import { CspStatusError, DEFAULT_DESCRIPTION, Status, type StatusCode } from '../csp/status.js';
import { child, el, textIn } from '../csp/tree.js';
import { canonicalUserId, readClientId, readUint, result } from '../csp/values.js';
import { MessageRouter } from '../messaging/router.js';
import { type Clock, systemClock } from '../sessions/clock.js';
import type { Outgoing, Session } from '../sessions/session.js';
import { type Account, type EndReason, SessionTable, type TimeToLivePolicy } from '../sessions/session-table.js';
import { agreeCapabilities } from './capabilities.js';
import * as messaging from './messaging.js';

export interface ServiceOptions {
  /** The user directory: canonical or plain user ids (`alice` = `wv:alice`) to accounts. */
  readonly users: Readonly<Record<string, Account>>;
  /** GEN-16: the default limit of concurrent sessions per user. Default 5. */
  readonly sessionLimit?: number;
  /** TimeToLive bounds and default, seconds. Default min 30, max 3600, default 300. */
  readonly timeToLive?: Partial<TimeToLivePolicy>;
  /** Undelivered messages held per recipient before SendMessage gets 507. Default 1000. */
  readonly maxQueuedPerUser?: number;
  /**
   * Seconds after which a server transaction the client has not answered (a NewMessage without
   * MessageDelivered…) is sent again at its next poll, in case the poll answer was lost. Default 30.
   */
  readonly resendAfter?: number;
  /** Injectable time (tests move a ManualClock instead of sleeping). */
  readonly clock?: Clock;
}

/** What one handler call knows about the message it is in. */
interface Context {
  readonly version: CspVersion;
  readonly session: Session;
}

export class ImpsService {
  readonly clock: Clock;
  readonly sessions: SessionTable;
  readonly router: MessageRouter;
  private readonly resendAfterMs: number;
  private serverTransactions = 0;
  private messageCounter = 0;
  private lastSweep: number;

  constructor(options: ServiceOptions) {
    this.clock = options.clock ?? systemClock;
    const accounts = new Map(Object.entries(options.users).map(([id, a]) => [canonicalUserId(id), a]));
    this.sessions = new SessionTable({
      clock: this.clock,
      accounts,
      sessionLimit: options.sessionLimit ?? 5,
      timeToLive: { min: 30, max: 3600, default: 300, ...options.timeToLive },
      rememberEnded: 10_000,
      onEnded: (s) => this.router.sessionEnded(s),
    });
    this.router = new MessageRouter(this.sessions, options.maxQueuedPerUser ?? 1000);
    this.resendAfterMs = (options.resendAfter ?? 30) * 1000;
    this.lastSweep = this.clock.now();
  }

  /** Answers one CSP message; `undefined` means an empty HTTP body (acknowledgements, an idle poll). */
  handle(envelope: RequestEnvelope): CspElement | undefined {
    this.sweepNowAndThen();
    const { version } = envelope;
    const found = envelope.sessionId === undefined ? undefined : this.sessions.lookup(envelope.sessionId);
    const session = typeof found === 'object' ? found : undefined;
    if (session) session.lastActive = this.clock.now();

    const out: ServerTransaction[] = [];
    for (const t of envelope.transactions) {
      const reply = session
        ? this.inSession({ version, session }, t)
        : this.withoutSession(version, envelope.sessionId, found as EndReason | undefined, t);
      if (reply) out.push(reply);
    }
    if (out.length === 0) return undefined;
    const live = session !== undefined && this.sessions.lookup(session.id) === session;
    return writeEnvelope(version, envelope.sessionId, out, live && session.outbox.length > 0);
  }

  /** A transaction in a live session. */
  private inSession(ctx: Context, t: ClientTransaction): ServerTransaction | undefined {
    if (t.mode === 'Response') {
      this.acknowledged(ctx.session, t);
      return undefined;
    }
    if (t.primitive.name === 'Polling-Request') return this.poll(ctx);
    return respond(t, () => this.request(ctx, t));
  }

  private request(ctx: Context, t: ClientTransaction): CspElement {
    const { session, version } = ctx;
    const p = t.primitive;
    switch (p.name) {
      case 'Login-Request':
        // A Login-Request inside a live session (re-establishing it) is not supported: log in Outband.
        throw new CspStatusError(
          Status.BadRequest,
          'this session is already logged in; send Login-Request Outband to open another session',
        );
      case 'Logout-Request':
        this.sessions.end(session, 'logged-out');
        return status(Status.Successful);
      case 'KeepAlive-Request': {
        const ttl = readUint(p, 'TimeToLive');
        if (ttl !== undefined) session.timeToLive = this.sessions.agreeTimeToLive(ttl);
        return el('KeepAlive-Response', result(Status.Successful), el('KeepAliveTime', String(session.timeToLive)));
      }
      case 'ClientCapability-Request':
        return el('ClientCapability-Response', this.capabilities(session, version, child(p, 'CapabilityList')));
      case 'UpdatePresence-Request': {
        // Presence itself is out of scope; ClientIMPriority (1.3) is what routes instant messages.
        const presence = version === '1.3' ? child(p, 'PresenceSubList') : undefined;
        const info = presence && child(presence, 'ClientInfo');
        const imPriority = info && readUint(info, 'ClientIMPriority');
        if (imPriority !== undefined) session.clientIMPriority = imPriority;
        return status(Status.Successful);
      }
      case 'SetDeliveryMethod-Request': {
        const method = textIn(p, 'DeliveryMethod');
        if (method !== 'P' && method !== 'N')
          throw new CspStatusError(Status.BadParameter, '<DeliveryMethod> must be P (push) or N (notify/get)');
        session.deliveryMethod = method;
        return status(Status.Successful);
      }
      case 'SendMessage-Request':
        return messaging.sendMessage(this, session, version, p);
      case 'GetMessage-Request':
        return messaging.getMessage(session, version, p);
      case 'MessageDelivered':
        return messaging.deliveredAfterGet(this.router, session, p);
      default:
        throw new CspStatusError(Status.NotImplemented, `${p.name} is not implemented by this example server`);
    }
  }

  /** A transaction whose message names no live session. */
  private withoutSession(
    version: CspVersion,
    sessionId: string | undefined,
    ended: EndReason | undefined,
    t: ClientTransaction,
  ): ServerTransaction | undefined {
    // An answer to something the server sent before the session ended (a Disconnect's Status…): nothing to do.
    if (t.mode === 'Response') return undefined;
    if (t.primitive.name === 'Login-Request') {
      if (sessionId !== undefined) return respond(t, () => status(Status.BadRequest, 'send Login-Request Outband (without a SessionID)'));
      return { mode: 'Response', id: t.id, primitive: this.login(version, t.primitive) };
    }
    const code = ended === 'expired' ? Status.SessionExpired : ended === 'disconnected' ? Status.ForcedLogout : Status.InvalidSession;
    const description =
      sessionId === undefined
        ? `${t.primitive.name} needs a session: log in first and send it Inband with the SessionID`
        : `${DEFAULT_DESCRIPTION[code]}${ended === 'expired' ? ' (no request within its TimeToLive)' : ''}`;
    // A polling client learns that its session is gone from a server-initiated Disconnect.
    if (t.primitive.name === 'Polling-Request' && (ended === 'expired' || ended === 'disconnected'))
      return { mode: 'Request', id: this.nextServerTransactionId(), primitive: el('Disconnect', result(code, description)) };
    return { mode: 'Response', id: t.id, primitive: status(code, description) };
  }

  private login(version: CspVersion, p: CspElement): CspElement {
    const clientId = child(p, 'ClientID');
    const answer = (code: StatusCode, description?: string, ...rest: (CspElement | undefined)[]): CspElement =>
      el('Login-Response', clientId, result(code, description ?? DEFAULT_DESCRIPTION[code]), ...rest);
    let session: Session | undefined;
    try {
      const user = textIn(p, 'UserID');
      if (!user) throw new CspStatusError(Status.BadParameter, 'Login-Request needs a <UserID>');
      const client = readClientId(p);
      if (!client) throw new CspStatusError(Status.BadParameter, 'Login-Request needs a <ClientID>');
      const password = textIn(p, 'Password');
      if (password === undefined)
        throw new CspStatusError(
          Status.BadParameter,
          'only the password login is supported here (send <Password>; no DigestSchema/Nonce exchange)',
        );
      session = this.sessions.login({
        userId: canonicalUserId(user),
        password,
        client,
        applicationId: version === '1.3' ? textIn(p, 'ApplicationID') || undefined : undefined,
        timeToLive: readUint(p, 'TimeToLive'),
        version,
      });
      this.router.loggedIn(session);
      // CSP 1.3 lets the Login-Request carry the capabilities (SessionPriority among them).
      const capabilities = version === '1.3' ? child(p, 'CapabilityList') : undefined;
      const agreed = capabilities && this.capabilities(session, version, capabilities);
      return answer(
        Status.Successful,
        undefined,
        el('SessionID', session.id),
        el('KeepAliveTime', String(session.timeToLive)),
        el('CapabilityRequest', capabilities ? 'F' : 'T'),
        agreed,
      );
    } catch (e) {
      if (!(e instanceof CspStatusError)) throw e;
      // Refused after the session was opened (a bad capability): the client never learns its id, so it ends.
      if (session) this.sessions.end(session, 'logged-out');
      return answer(e.code, e.description);
    }
  }

  /** Capability negotiation; a SessionPriority claim may adjust other sessions, which are told by SPA. */
  private capabilities(session: Session, version: CspVersion, list: CspElement | undefined): CspElement {
    const { agreed, claimedPriority } = agreeCapabilities(session, version, list, this.sessions.sessionLimitOf(session.userId));
    if (claimedPriority !== undefined)
      for (const adjusted of this.sessions.claimSessionPriority(session, claimedPriority))
        if (adjusted.loginVersion === '1.3')
          adjusted.outbox.push({ kind: 'session-priority-adjusted', sessionPriority: adjusted.sessionPriority });
    return agreed;
  }

  /**
   * Polling-Request: a server transaction left unanswered for `resendAfter` seconds (sent again
   * under a new TransactionID; the client knows a message by its MessageID), else the oldest one
   * waiting for this session, if any.
   */
  private poll(ctx: Context): ServerTransaction | undefined {
    const { session, version } = ctx;
    const now = this.clock.now();
    // `awaiting` is in the order things were sent, so the first entry is the oldest.
    for (const [id, sent] of session.awaiting) {
      if (now - sent.sentAt < this.resendAfterMs) break;
      session.awaiting.delete(id);
      const again = this.sendOut(session, version, sent.item, now);
      if (again) return again;
    }
    for (let item = session.outbox.shift(); item; item = session.outbox.shift()) {
      const out = this.sendOut(session, version, item, now);
      if (out) return out;
    }
    return undefined;
  }

  private sendOut(session: Session, version: CspVersion, item: Outgoing, now: number): ServerTransaction | undefined {
    // An SPA notification cannot be said in CSP 1.2 (a 1.3 session polling with a 1.2 envelope).
    if (item.kind === 'session-priority-adjusted' && version !== '1.3') return undefined;
    const id = this.nextServerTransactionId();
    const { as, primitive } = messaging.outgoingPrimitive(session, version, item);
    session.awaiting.set(id, { item, as, sentAt: now });
    return { mode: 'Request', id, primitive };
  }

  /** The client's answer to a server-initiated transaction (MessageDelivered, or a Status). */
  private acknowledged(session: Session, t: ClientTransaction): void {
    const id = session.awaiting.has(t.id) ? t.id : this.resentUnder(session, t.primitive);
    const sent = id === undefined ? undefined : session.awaiting.get(id);
    if (!sent || id === undefined) return;
    session.awaiting.delete(id);
    if (sent.item.kind !== 'message') return;
    const { message } = sent.item;
    const resultElement = child(t.primitive, 'Result');
    const code = resultElement ? readUint(resultElement, 'Code') : undefined;
    if (t.primitive.name === 'MessageDelivered' || (sent.as === 'NewMessage' && code === Status.Successful)) this.router.delivered(message);
    else if (sent.as === 'MessageNotification' && code === Status.Successful) session.notified.set(message.id, message);
    else this.router.refused(session, message);
  }

  /**
   * A MessageDelivered that answers an earlier sending of a message the server has sent again since
   * (under a new TransactionID): it counts for the message, whichever sending it answers.
   */
  private resentUnder(session: Session, answer: CspElement): string | undefined {
    const messageId = answer.name === 'MessageDelivered' ? textIn(answer, 'MessageID') : undefined;
    if (messageId === undefined) return undefined;
    for (const [id, sent] of session.awaiting) if (sent.item.kind === 'message' && sent.item.message.id === messageId) return id;
    return undefined;
  }

  private nextServerTransactionId(): string {
    return `s${++this.serverTransactions}`;
  }

  /** Ends expired sessions about once a second (lookups also end an expired session on the spot). */
  private sweepNowAndThen(): void {
    const now = this.clock.now();
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    this.sessions.sweep();
  }

  /** New message ids: unique for the life of the server. */
  nextMessageId(): string {
    return `m${(++this.messageCounter).toString(36)}`;
  }
}

/** `<Status><Result>…</Result></Status>`: the generic answer to a request. */
export function status(code: StatusCode, description?: string): CspElement {
  return el('Status', result(code, description ?? DEFAULT_DESCRIPTION[code]));
}

/** Runs a handler; a refusal becomes a Status answer to the same transaction. */
function respond(t: ClientTransaction, handler: () => CspElement): ServerTransaction {
  try {
    return { mode: 'Response', id: t.id, primitive: handler() };
  } catch (e) {
    if (e instanceof CspStatusError) return { mode: 'Response', id: t.id, primitive: status(e.code, e.description) };
    throw e;
  }
}
