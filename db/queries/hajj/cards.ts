import type { Db } from '../..';

export interface PilgrimCard {
  depositNumber: string;
  token: string;
  holderName: string;
  issuedAt: Date;
}

/** Issues the pilgrim's card once: a second call returns the first card and its token. */
export async function issueCard(
  db: Db,
  c: { depositNumber: string; token: string; holderName: string; staffId: number },
): Promise<PilgrimCard> {
  await db('hajj_cards')
    .insert({
      deposit_number: c.depositNumber,
      token: c.token,
      holder_name: c.holderName,
      issued_by: c.staffId,
    })
    .onConflict('deposit_number')
    .ignore();
  return (await cardOf(db, c.depositNumber))!;
}

/** Withdraws a card whose journey step was refused: it was never issued. */
export async function withdrawCard(db: Db, depositNumber: string, token: string): Promise<void> {
  await db('hajj_cards').where({ deposit_number: depositNumber, token }).delete();
}

export async function cardOf(db: Db, depositNumber: string): Promise<PilgrimCard | undefined> {
  return db('hajj_cards')
    .where({ deposit_number: depositNumber })
    .first('deposit_number as depositNumber', 'token', 'holder_name as holderName', 'issued_at as issuedAt');
}

/**
 * What the card's verification page may show: the holder's name, the caravan and whether the
 * journey still stands (a cancelled or stopped journey's card is no longer valid).
 */
export async function cardByToken(db: Db, token: string) {
  return db('hajj_cards as k')
    .join('hajj_journeys as j', 'j.deposit_number', 'k.deposit_number')
    .join('hajj_caravans as c', 'c.id', 'j.caravan_id')
    .where('k.token', token)
    .first('k.holder_name as holderName', 'c.name as caravanName', 'c.code as caravanCode', 'j.stage');
}
