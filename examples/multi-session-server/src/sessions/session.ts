/** One live session: who it belongs to, how it identifies itself, and what waits to be sent to it. */
import type { CspVersion } from '../csp/envelope.js';
import type { ClientIdentity } from '../csp/values.js';
import type { StoredMessage } from '../messaging/message.js';

/** Something the server has to tell the client; it goes out in the answer to a Polling-Request. */
export type Outgoing =
  /** An instant message for this session: NewMessage (Push) or MessageNotification (Notify/Get). */
  | { readonly kind: 'message'; readonly message: StoredMessage }
  /** Notification-Request with NotificationType SPA: the server changed this session's SessionPriority. */
  | { readonly kind: 'session-priority-adjusted'; readonly sessionPriority: number };

/** An Outgoing as it went out, and as which primitive (a message goes as NewMessage or MessageNotification). */
export interface Sent {
  readonly item: Outgoing;
  readonly as: 'NewMessage' | 'MessageNotification' | 'Notification-Request';
  /** When it went out (ms); unanswered for long, it is sent again (its poll answer may have been lost). */
  readonly sentAt: number;
}

/** `P` Push (NewMessage), `N` Notify/Get (MessageNotification, then GetMessage-Request). */
export type DeliveryMethod = 'P' | 'N';

export class Session {
  /** Seconds without a request after which the session ends (agreed at login, changed by KeepAlive). */
  timeToLive: number;
  /** When the client last sent anything in this session (ms). */
  lastActive: number;
  /**
   * CSP 1.3 SessionPriority (client capability): the order of this user's sessions. A claim of a
   * priority another session holds moves that one down (see SessionTable.claimSessionPriority).
   */
  sessionPriority = 0;
  /** CSP 1.3 ClientIMPriority (presence attribute ClientInfo): which session gets instant messages first. */
  clientIMPriority = 0;
  deliveryMethod: DeliveryMethod = 'P';
  /** Server-initiated transactions not sent yet, oldest first. */
  readonly outbox: Outgoing[] = [];
  /** Sent in a poll answer, waiting for the client's answer: by the server's TransactionID. */
  readonly awaiting = new Map<string, Sent>();
  /** Notify/Get: messages the client was told about and may fetch with GetMessage-Request, by MessageID. */
  readonly notified = new Map<string, StoredMessage>();

  constructor(
    /** The SessionID: 144 random bits, the only credential an Inband request carries. */
    readonly id: string,
    readonly userId: string,
    readonly client: ClientIdentity,
    /** CSP 1.3 ApplicationID, when the client gave one. */
    readonly applicationId: string | undefined,
    /** The version the client logged in with; CSP 1.3 tokens (SPA notifications…) go to 1.3 sessions only. */
    readonly loginVersion: CspVersion,
    /** Login order, for a stable tie-break between sessions of equal priority (earlier first). */
    readonly loginSeq: number,
    timeToLive: number,
    now: number,
  ) {
    this.timeToLive = timeToLive;
    this.lastActive = now;
  }

  /** GEN-12: how this session identifies itself among the user's sessions. */
  get identification(): string {
    return identificationOf(this.client.key, this.applicationId);
  }

  expiresAt(): number {
    return this.lastActive + this.timeToLive * 1000;
  }
}

/**
 * The identification GEN-12/GEN-13 compare: the ClientID, qualified by the ApplicationID when one is
 * given. CSP 1.3 lets several applications on one device share its ClientID and tells them apart by
 * ApplicationID (a Recipient can name one), so the pair is what must be unique per user.
 */
export function identificationOf(clientKey: string, applicationId: string | undefined): string {
  return applicationId === undefined ? clientKey : `${clientKey} app:${applicationId}`;
}
