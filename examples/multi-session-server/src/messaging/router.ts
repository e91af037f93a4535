/**
 * Which of a user's sessions gets an instant message, and what happens to it when that session goes.
 *
 * Every undelivered message is in exactly one place: one session's outbox, awaiting or notified
 * list, or the user's offline store. It leaves only when a session reports it delivered
 * (MessageDelivered). So a message is never lost when its session ends — it moves to the next
 * session of the user, or to the offline store for the next login — and never delivered twice.
 *
 * Delivery order among a user's live sessions (GEN-11: there may be many):
 *   1. a session the Recipient names by ApplicationID or ClientID (CSP 1.3), if it is live;
 *   2. the highest ClientIMPriority (presence attribute, CSP 1.3);
 *   3. the highest SessionPriority (client capability, CSP 1.3);
 *   4. the earliest login.
 * CSP 1.2 sessions have neither priority (both 0), so among them the earliest login comes first.
 */
import { CspStatusError, Status } from '../csp/status.js';
import type { Session } from '../sessions/session.js';
import type { SessionTable } from '../sessions/session-table.js';
import type { MessageTarget, StoredMessage } from './message.js';

export class MessageRouter {
  private readonly offline = new Map<string, StoredMessage[]>();
  /** Undelivered messages per recipient, wherever they are (bounded by `maxQueuedPerUser`). */
  private readonly undelivered = new Map<string, number>();
  /** Messages delivered since start (for the load run's report). */
  deliveredCount = 0;

  constructor(
    private readonly sessions: SessionTable,
    private readonly maxQueuedPerUser: number,
  ) {}

  /** Takes a new message for its recipient; throws 507 when the recipient's queue is full. */
  submit(message: StoredMessage): void {
    const n = this.undelivered.get(message.recipientUserId) ?? 0;
    if (n >= this.maxQueuedPerUser)
      throw new CspStatusError(Status.MessageQueueFull, `${message.recipientUserId} has ${n} undelivered messages`);
    this.undelivered.set(message.recipientUserId, n + 1);
    this.route(message, undefined);
  }

  /** The recipient's live sessions in the order they are offered a message (first = gets it). */
  deliveryOrder(userId: string, message?: StoredMessage): Session[] {
    const target = message?.target;
    const named = (s: Session): boolean => target !== undefined && names(target, s);
    return [...this.sessions.liveSessions(userId)].sort(
      (a, b) =>
        Number(named(b)) - Number(named(a)) ||
        b.clientIMPriority - a.clientIMPriority ||
        b.sessionPriority - a.sessionPriority ||
        a.loginSeq - b.loginSeq,
    );
  }

  /** Puts the message with the recipient's first session (other than `leaving`), or in the offline store. */
  private route(message: StoredMessage, leaving: Session | undefined): void {
    const first = this.deliveryOrder(message.recipientUserId, message).find((s) => s !== leaving);
    if (first) first.outbox.push({ kind: 'message', message });
    else {
      const stored = this.offline.get(message.recipientUserId);
      if (stored) stored.push(message);
      else this.offline.set(message.recipientUserId, [message]);
    }
  }

  /** A new session gets what waited for its user while no session was live. */
  loggedIn(session: Session): void {
    const stored = this.offline.get(session.userId);
    if (!stored) return;
    this.offline.delete(session.userId);
    for (const message of stored) session.outbox.push({ kind: 'message', message });
  }

  /** A session ended (GEN-15: only ever its own doing or its TimeToLive): its messages move on. */
  sessionEnded(session: Session): void {
    const moving: StoredMessage[] = [];
    for (const o of session.outbox) if (o.kind === 'message') moving.push(o.message);
    for (const { item } of session.awaiting.values()) if (item.kind === 'message') moving.push(item.message);
    moving.push(...session.notified.values());
    session.outbox.length = 0;
    session.awaiting.clear();
    session.notified.clear();
    for (const m of moving) this.route(m, session);
  }

  /**
   * The client refused a message (a non-200 Status for its NewMessage): the user's next session
   * gets it, or the offline store when there is no other.
   */
  refused(session: Session, message: StoredMessage): void {
    this.route(message, session);
  }

  /** The message has reached its recipient. */
  delivered(message: StoredMessage): void {
    this.deliveredCount++;
    const n = (this.undelivered.get(message.recipientUserId) ?? 1) - 1;
    if (n > 0) this.undelivered.set(message.recipientUserId, n);
    else this.undelivered.delete(message.recipientUserId);
  }

  /** Messages waiting in the offline store for a user with no live session. */
  storedFor(userId: string): number {
    return this.offline.get(userId)?.length ?? 0;
  }
}

/** Whether a Recipient's ApplicationID or ClientID names this session. */
export function names(target: MessageTarget, session: Session): boolean {
  return 'applicationId' in target ? session.applicationId === target.applicationId : session.client.key === target.clientKey;
}
