import * as wf from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { noticeFailed } from './notices';

/**
 * What a case's and a journey's workflow share around their state: the workflow's clock, the wait
 * for handlers, the timeline's numbering with the search attributes it publishes, and the notices
 * sent beside the course. (Temporal's safe-message-handlers sample has the same shape: the state
 * and its transitions in a class, the handlers registered on it, the body reading the process.)
 */

/** The workflow's clock, as an ISO timestamp. */
export const now = (): string => new Date().toISOString();

/** Milliseconds until `iso` on the workflow's clock, at least one (a timer of 0 would never fire). */
export const msUntil = (iso: string): number => Math.max(Date.parse(iso) - Date.now(), 1);

/** Waits until no update or signal is half-way through changing the state, so it can be read. */
export const handlersFinished = (): Promise<void> => wf.condition(wf.allHandlersFinished);

/**
 * The timeline of a case or journey: every entry is numbered in order and stamped with the
 * workflow's clock, and the search attributes are published first, so that operators filter on
 * the state the entry's snapshot carries.
 */
export class Timeline {
  /** The number of the last entry written (a journey called by its round starts at 1). */
  seq = 0;

  constructor(private readonly attributes: () => SearchAttributeUpdatePair[]) {}

  /** Upserts the search attributes of the state as it is now. */
  publish(): void {
    wf.upsertSearchAttributes(this.attributes());
  }

  /** Publishes, then writes the next entry through `write` with its number and time. */
  record<T>(write: (seq: number, at: string) => Promise<T>): Promise<T> {
    this.publish();
    return write(++this.seq, now());
  }
}

/**
 * Notices (and other side errands) sent without waiting: the course goes on, and the workflow ends
 * only after every one is settled. A notice that failed is logged with what it was about.
 */
export class Notices {
  private readonly inFlight: Promise<unknown>[] = [];

  send(sending: Promise<unknown>, about: Record<string, unknown>): void {
    this.inFlight.push(sending.catch(noticeFailed(about)));
  }

  /** An errand that handles its own failure. */
  beside(errand: Promise<unknown>): void {
    this.inFlight.push(errand);
  }

  settled(): Promise<unknown[]> {
    return Promise.all(this.inFlight);
  }
}
