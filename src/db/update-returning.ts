import type { DataSource, EntityManager } from 'typeorm';

/**
 * The rows of an UPDATE or DELETE ... RETURNING. TypeORM answers UPDATE and DELETE with [rows, rowCount]
 * (SELECT and INSERT with the rows alone), which is easy to misread as two rows.
 */
export async function updateReturning<T>(tx: EntityManager | DataSource, sql: string, parameters: unknown[]): Promise<T[]> {
  const result: unknown = await tx.query(sql, parameters);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
