import * as wf from '@temporalio/workflow';
import type { ActivityInterfaceFor } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { DATABASE_STEPS, LOCAL_DATABASE_STEPS, NOTICE_RETRY } from './activityOptions';
import { incidents } from './incidents';
import { noticeFailed } from './notices';

/**
 * What a case's and a journey's workflow share around their state: the workflow's clock, the wait
 * for handlers, the timeline's numbering with the search attributes it publishes, and the notices
 * sent beside the course. (Temporal's safe-message-handlers sample has the same shape: the state
 * and its transitions in a class, the handlers registered on it, the body reading the process.)
 */

/** How a case or a journey reaches its activities. */
export interface Steps<A> {
  /** Whether the short database steps run as local activities (`localPatch`). */
  local: boolean;
  /** The short database steps as they run: local, or remote for workflows started before. */
  steps: ActivityInterfaceFor<A>;
  /** The same steps, waiting out a permanent failure as an incident: the workflow's own course. */
  kept: ActivityInterfaceFor<A>;
  /** Ordinary activities, for what waits on outside systems. */
  remote: ActivityInterfaceFor<A>;
  /** Notices: they retry for about a day, then give up. */
  notifications: ActivityInterfaceFor<A>;
}

/**
 * The activities of a workflow whose short database steps became local behind `localPatch`; an
 * update's steps use `steps` itself, undo their change and tell the caller (orUndo).
 */
export function stepsOf<A>(workflowId: string, kind: 'case' | 'journey', localPatch: string): Steps<A> {
  const remote = wf.proxyActivities<A>(DATABASE_STEPS);
  const local = wf.patched(localPatch);
  // Local and remote steps are called alike.
  const steps = local
    ? (wf.proxyLocalActivities<A>(LOCAL_DATABASE_STEPS) as ActivityInterfaceFor<A>)
    : remote;
  return {
    local,
    steps,
    kept: incidents(workflowId, kind).persistent(steps),
    remote,
    notifications: wf.proxyActivities<A>({ startToCloseTimeout: '1m', retry: NOTICE_RETRY }),
  };
}

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
  /** With `changedOnly`: the value of each attribute as last upserted (JSON; absent is null). */
  private readonly published = new Map<string, string>();

  /**
   * `changedOnly` (a case behind `case-lean-steps`) upserts only the attributes whose value changed
   * since the last upsert, and nothing when none did; otherwise every publish upserts them all.
   */
  constructor(
    private readonly attributes: () => SearchAttributeUpdatePair[],
    private readonly changedOnly = false,
  ) {}

  /** Upserts the search attributes of the state as it is now, and `extra` ones. */
  publish(extra: SearchAttributeUpdatePair[] = []): void {
    const pairs = [...extra, ...this.attributes()];
    if (!this.changedOnly) {
      wf.upsertSearchAttributes(pairs);
      return;
    }
    const changed = pairs.filter(({ key, value }) => {
      const json = JSON.stringify(value ?? null);
      if ((this.published.get(key.name) ?? 'null') === json) return false;
      this.published.set(key.name, json);
      return true;
    });
    if (changed.length > 0) wf.upsertSearchAttributes(changed);
  }

  /** The next entry's number and time, for a step that writes it itself. */
  stamp(): { seq: number; at: string } {
    return { seq: ++this.seq, at: now() };
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
