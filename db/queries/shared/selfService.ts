import type { Db } from '../..';

export interface FaqEntry {
  id: number;
  position: number;
  question: string;
  answer: string;
}

/** The help page's questions in the admin's order. */
export async function listFaq(db: Db): Promise<FaqEntry[]> {
  return db('faq_entries').orderBy(['position', 'id']).select('id', 'position', 'question', 'answer');
}

/** Adds a question at the end, or edits one; false when the one to edit is gone. */
export async function saveFaq(
  db: Db,
  e: { id?: number; question: string; answer: string; staffId: number },
): Promise<boolean> {
  const row = { question: e.question, answer: e.answer, updated_by: e.staffId, updated_at: db.fn.now() };
  if (e.id) return (await db('faq_entries').where({ id: e.id }).update(row)) > 0;
  await db('faq_entries').insert({
    ...row,
    position: db.raw('(select coalesce(max(position), 0) + 1 from faq_entries)'),
  });
  return true;
}

export async function deleteFaq(db: Db, id: number): Promise<void> {
  await db('faq_entries').where({ id }).delete();
}

/** Swaps a question with its neighbour above (-1) or below (+1); at an end, nothing moves. */
export async function moveFaq(db: Db, id: number, direction: -1 | 1): Promise<void> {
  await db.transaction(async (trx) => {
    const all: { id: number }[] = await trx('faq_entries')
      .orderBy(['position', 'id'])
      .forUpdate()
      .select('id');
    const i = all.findIndex((e) => e.id === id);
    const j = i + direction;
    if (i < 0 || j < 0 || j >= all.length) return;
    [all[i], all[j]] = [all[j], all[i]];
    // Renumbered whole, so equal positions left by concurrent edits sort out too.
    for (const [k, e] of all.entries())
      await trx('faq_entries')
        .where({ id: e.id })
        .update({ position: k + 1 });
  });
}

export interface Guide {
  id: number;
  title: string;
  filename: string | null;
  sizeBytes: number | null;
  updatedAt: Date;
}

export async function listGuides(db: Db): Promise<Guide[]> {
  return db('guides')
    .orderBy(['position', 'id'])
    .select('id', 'title', 'filename', 'size_bytes as sizeBytes', 'updated_at as updatedAt');
}

/** A guide's file, for its download; undefined while it has none. */
export async function guideFile(
  db: Db,
  id: number,
): Promise<{ title: string; filename: string; content: Buffer } | undefined> {
  return db('guides').where({ id }).whereNotNull('content').first('title', 'filename', 'content');
}

/** Adds a guide (with its file) at the end, or renames one and replaces its file when given one. */
export async function saveGuide(
  db: Db,
  g: { id?: number; title: string; file?: { filename: string; content: Buffer }; staffId: number },
): Promise<boolean> {
  const row = {
    title: g.title,
    ...(g.file && { filename: g.file.filename, content: g.file.content, size_bytes: g.file.content.length }),
    updated_by: g.staffId,
    updated_at: db.fn.now(),
  };
  if (g.id) return (await db('guides').where({ id: g.id }).update(row)) > 0;
  await db('guides').insert({
    ...row,
    position: db.raw('(select coalesce(max(position), 0) + 1 from guides)'),
  });
  return true;
}

export async function deleteGuide(db: Db, id: number): Promise<void> {
  await db('guides').where({ id }).delete();
}
