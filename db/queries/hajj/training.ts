import type { Db } from '../..';
import type { TrainingClass } from '../../../domain/hajj/registration';

export interface TrainingClassRow extends TrainingClass {
  id: number;
  caravanId: number;
}

const classColumns = (db: Db) => [
  'id',
  'caravan_id as caravanId',
  db.raw(`to_char(held_on, 'YYYY-MM-DD') as "heldOn"`),
  'starts_at as startsAt',
  'place',
  'topic',
];

export async function addTrainingClass(
  db: Db,
  caravanId: number,
  c: TrainingClass,
  staffId: number,
): Promise<number> {
  const [row] = await db('hajj_training_classes')
    .insert({
      caravan_id: caravanId,
      held_on: c.heldOn,
      starts_at: c.startsAt,
      place: c.place,
      topic: c.topic,
      created_by: staffId,
    })
    .returning('id');
  return row.id;
}

/** The caravan's schedule in the order the classes are held. */
export async function classesOfCaravan(db: Db, caravanId: number): Promise<TrainingClassRow[]> {
  return db('hajj_training_classes')
    .where({ caravan_id: caravanId })
    .orderBy([{ column: 'held_on' }, { column: 'starts_at' }, { column: 'id' }])
    .select(classColumns(db));
}

export async function trainingClass(db: Db, classId: number): Promise<TrainingClassRow | undefined> {
  return db('hajj_training_classes').where({ id: classId }).first(classColumns(db));
}

/**
 * A class's attendance as the agent ticks it: every pilgrim of `depositNumbers` (the caravan's) is
 * present when in `present`, absent otherwise; recording again replaces the earlier roll.
 */
export async function recordAttendance(
  db: Db,
  classId: number,
  depositNumbers: string[],
  present: ReadonlySet<string>,
  staffId: number,
): Promise<void> {
  if (depositNumbers.length === 0) return;
  await db('hajj_training_attendance')
    .insert(
      depositNumbers.map((d) => ({
        class_id: classId,
        deposit_number: d,
        present: present.has(d),
        recorded_by: staffId,
        recorded_at: db.fn.now(),
      })),
    )
    .onConflict(['class_id', 'deposit_number'])
    .merge();
}

/** Who was present at a class, by deposit number. */
export async function presentAt(db: Db, classId: number): Promise<Set<string>> {
  const rows = await db('hajj_training_attendance')
    .where({ class_id: classId, present: true })
    .pluck('deposit_number');
  return new Set(rows);
}

/** The classes a pilgrim attended, by class id. */
export async function attendedBy(db: Db, depositNumber: string): Promise<Set<number>> {
  const rows = await db('hajj_training_attendance')
    .where({ deposit_number: depositNumber, present: true })
    .pluck('class_id');
  return new Set(rows.map(Number));
}
