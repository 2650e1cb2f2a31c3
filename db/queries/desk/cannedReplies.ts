import type { Db } from '../..';

export interface CannedReply {
  id: number;
  subject: string | null;
  title: string;
  body: string;
}

const COLUMNS = ['id', 'subject', 'title', 'body'];

/** The texts an expert may start from on a case of this subject (and those for every subject). */
export async function cannedRepliesFor(db: Db, subject: string): Promise<CannedReply[]> {
  return db('canned_replies')
    .where((w) => w.where({ subject }).orWhereNull('subject'))
    .orderBy('title')
    .select(COLUMNS);
}

export async function listCannedReplies(db: Db): Promise<CannedReply[]> {
  return db('canned_replies')
    .orderBy([{ column: 'subject', order: 'asc', nulls: 'first' }, 'title'])
    .select(COLUMNS);
}

export async function saveCannedReply(
  db: Db,
  r: { id?: number; subject: string | null; title: string; body: string; staffId: number },
): Promise<number> {
  const row = {
    subject: r.subject,
    title: r.title,
    body: r.body,
    updated_by: r.staffId,
    updated_at: db.fn.now(),
  };
  if (r.id) {
    await db('canned_replies').where({ id: r.id }).update(row);
    return r.id;
  }
  const [inserted] = await db('canned_replies').insert(row).returning('id');
  return inserted.id;
}

export async function deleteCannedReply(db: Db, id: number): Promise<void> {
  await db('canned_replies').where({ id }).delete();
}
