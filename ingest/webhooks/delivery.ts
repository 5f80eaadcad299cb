// One accepted webhook delivery as the journal keeps it and the committer reads it. Plain data.
export interface Delivery {
  /** Dedup key: the event id (same for every delivery of one event), else the webhook id. */
  key: string;
  webhookId: string;
  eventId?: string;
  topic: string;
  shop?: string;
  apiVersion?: string;
  triggeredAt?: string;
  /** When the receiver acknowledged it (ISO, ms). */
  receivedAt: string;
  /** The raw body text, exactly as signed. */
  body: string;
}

export function dedupKey(webhookId: string, eventId: string | undefined): string {
  return eventId ? `event:${eventId}` : `webhook:${webhookId}`;
}
