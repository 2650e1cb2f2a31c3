/**
 * A reference to a row that does not exist (a case, a deposit): retrying cannot make it appear,
 * so the activities report it as a permanent failure (activities/shared/permanent.ts).
 */
export class BadReference extends Error {
  override name = 'BadReference';
}
