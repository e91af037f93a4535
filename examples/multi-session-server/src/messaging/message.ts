/** An instant message the server holds until one of the recipient's sessions has it. */
import type { CspNode } from '../generated/index.js';

export interface StoredMessage {
  /** Assigned by the server, returned in SendMessage-Response. */
  readonly id: string;
  readonly senderUserId: string;
  /** The sending session's ApplicationID (1.3), so the recipient can answer that application. */
  readonly senderApplicationId: string | undefined;
  readonly recipientUserId: string;
  /**
   * A Recipient `User` may name one of the user's sessions by ApplicationID or ClientID (CSP 1.3):
   * then that session gets the message first, whatever the priorities.
   */
  readonly target: MessageTarget | undefined;
  readonly contentType: string | undefined;
  readonly contentEncoding: string | undefined;
  /** The ContentData children as sent: text, or bytes (OPAQUE binary content). */
  readonly content: readonly CspNode[];
  /** ContentSize: the content's length in bytes. */
  readonly contentSize: number;
  /** When the server accepted it, in CSP's compact date-time form. */
  readonly dateTime: string;
}

export type MessageTarget = { readonly applicationId: string } | { readonly clientKey: string };
