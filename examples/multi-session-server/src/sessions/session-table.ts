/**
 * The live sessions of every user, and the change request's rules for opening them:
 *
 * - GEN-11: a user may have any number of sessions, up to the limit of GEN-16.
 * - GEN-12: each session of a user has its own identification: its ClientID, qualified by its
 *   ApplicationID where the client gives one (see {@link identificationOf}).
 * - GEN-13: a login whose identification the same user already has in a live session is refused
 *   (603 Already logged in). Other users' sessions do not count, nor do ended ones.
 * - GEN-14: a login with an identification not in use among the user's live sessions is accepted.
 * - GEN-15: a login never ends the user's earlier sessions; nothing here ends a session but its
 *   own Logout, its TimeToLive running out, or the operator's {@link SessionTable.disconnect}.
 * - GEN-16: a per-user limit (`Account.sessionLimit`, else the server's default) on live sessions;
 *   a login beyond it is refused (903, with the limit in the description).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CspVersion } from '../csp/envelope.js';
import { CspStatusError, Status } from '../csp/status.js';
import type { ClientIdentity } from '../csp/values.js';
import type { Clock } from './clock.js';
import { identificationOf, Session } from './session.js';

export interface Account {
  readonly password: string;
  /** GEN-16: this user's limit of concurrent sessions (default: the server's `sessionLimit`). */
  readonly sessionLimit?: number;
}

export interface TimeToLivePolicy {
  /** Seconds; a client asking for less gets this. */
  readonly min: number;
  /** Seconds; a client asking for more gets this. */
  readonly max: number;
  /** Seconds, when the Login-Request has no TimeToLive. */
  readonly default: number;
}

/** Why a session is no longer live; remembered for a while so a late request gets the right status. */
export type EndReason = 'logged-out' | 'expired' | 'disconnected';

export interface LoginParams {
  readonly userId: string;
  readonly password: string;
  readonly client: ClientIdentity;
  readonly applicationId: string | undefined;
  readonly timeToLive: number | undefined;
  readonly version: CspVersion;
}

export interface SessionTableOptions {
  readonly clock: Clock;
  /** Accounts by canonical user id (`wv:alice`). */
  readonly accounts: ReadonlyMap<string, Account>;
  readonly sessionLimit: number;
  readonly timeToLive: TimeToLivePolicy;
  /** How many ended SessionIDs to remember (oldest forgotten first). */
  readonly rememberEnded: number;
  /** Called for every session that ends, after it has left the table (the router moves its messages on). */
  readonly onEnded: (session: Session, reason: EndReason) => void;
}

export class SessionTable {
  private readonly byId = new Map<string, Session>();
  private readonly byUser = new Map<string, Session[]>();
  private readonly ended = new Map<string, EndReason>();
  private loginSeq = 0;

  constructor(private readonly options: SessionTableOptions) {}

  get size(): number {
    return this.byId.size;
  }

  /** Opens a session, or throws the CspStatusError the Login-Response carries. */
  login(p: LoginParams): Session {
    const account = this.options.accounts.get(p.userId);
    if (!account) throw new CspStatusError(Status.UnknownUser, `Unknown user ${p.userId}`);
    if (!samePassword(account.password, p.password)) throw new CspStatusError(Status.InvalidPassword);
    const now = this.options.clock.now();
    for (const s of this.liveSessions(p.userId)) if (now > s.expiresAt()) this.end(s, 'expired');
    const live = this.liveSessions(p.userId);

    const identification = identificationOf(p.client.key, p.applicationId);
    const clash = live.find((s) => s.identification === identification);
    if (clash)
      throw new CspStatusError(
        Status.AlreadyLoggedIn,
        `GEN-13: ${p.userId} already has a live session with this ClientID` +
          `${p.applicationId === undefined ? '; give this client its own ClientID' : ` and ApplicationID ${p.applicationId}; give this client its own ClientID or ApplicationID`}`,
      );
    const limit = this.sessionLimitOf(p.userId);
    if (live.length >= limit)
      throw new CspStatusError(
        Status.SessionLimitReached,
        `GEN-16: ${p.userId} has ${live.length} live sessions, the limit (UserSessionLimit) is ${limit}; log out of one first`,
      );

    const session = new Session(
      randomBytes(18).toString('base64url'),
      p.userId,
      p.client,
      p.applicationId,
      p.version,
      ++this.loginSeq,
      this.agreeTimeToLive(p.timeToLive),
      now,
    );
    this.byId.set(session.id, session);
    this.byUser.set(p.userId, [...live, session]);
    return session;
  }

  hasAccount(userId: string): boolean {
    return this.options.accounts.has(userId);
  }

  sessionLimitOf(userId: string): number {
    return this.options.accounts.get(userId)?.sessionLimit ?? this.options.sessionLimit;
  }

  /** The TimeToLive the server agrees to: the asked one within the policy's bounds. */
  agreeTimeToLive(asked: number | undefined): number {
    const { min, max } = this.options.timeToLive;
    return Math.min(max, Math.max(min, asked ?? this.options.timeToLive.default));
  }

  /**
   * The live session with this id, or why there is none. A session past its TimeToLive ends here,
   * even before the next sweep, so it can never be used late.
   */
  lookup(sessionId: string): Session | EndReason | undefined {
    const s = this.byId.get(sessionId);
    if (!s) return this.ended.get(sessionId);
    if (this.options.clock.now() > s.expiresAt()) {
      this.end(s, 'expired');
      return 'expired';
    }
    return s;
  }

  /** The user's live sessions, in login order. */
  liveSessions(userId: string): readonly Session[] {
    return this.byUser.get(userId) ?? [];
  }

  allSessions(): IterableIterator<Session> {
    return this.byId.values();
  }

  end(session: Session, reason: EndReason): void {
    if (this.byId.get(session.id) !== session) return;
    this.byId.delete(session.id);
    const rest = this.liveSessions(session.userId).filter((s) => s !== session);
    if (rest.length > 0) this.byUser.set(session.userId, rest);
    else this.byUser.delete(session.userId);
    this.ended.set(session.id, reason);
    if (this.ended.size > this.options.rememberEnded) this.ended.delete(this.ended.keys().next().value!);
    this.options.onEnded(session, reason);
  }

  /** The operator ends a session; its client learns it from a Disconnect (601) at its next poll. */
  disconnect(sessionId: string): boolean {
    const s = this.byId.get(sessionId);
    if (s) this.end(s, 'disconnected');
    return s !== undefined;
  }

  /** Ends every session whose TimeToLive has run out. */
  sweep(): void {
    const now = this.options.clock.now();
    for (const s of [...this.byId.values()]) if (now > s.expiresAt()) this.end(s, 'expired');
  }

  /**
   * A session claims SessionPriority `priority` (at login or by ClientCapability-Request). The newest
   * claim wins: any other live session of the user holding that priority moves one down (not below
   * 0, where equal priorities are ordered by login) and is returned, to be told by an SPA
   * ("Session-Priority-Adjusted") notification.
   */
  claimSessionPriority(session: Session, priority: number): Session[] {
    const adjusted: Session[] = [];
    session.sessionPriority = priority;
    if (priority === 0) return adjusted;
    for (const other of this.liveSessions(session.userId)) {
      if (other !== session && other.sessionPriority === priority) {
        other.sessionPriority = priority - 1;
        adjusted.push(other);
      }
    }
    return adjusted;
  }
}

/** Compares passwords in constant time (their hashes have equal length whatever the input). */
function samePassword(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
