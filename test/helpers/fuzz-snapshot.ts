import type { DataSource } from 'typeorm';

let tables: string[] | undefined;

/** Row count and a digest of every table's rows: two equal snapshots mean nothing was written in between. */
export async function fuzzSnapshot(db: DataSource): Promise<Record<string, string>> {
  tables ??= (
    (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`)) as Array<{ tablename: string }>
  ).map((row) => row.tablename);
  const digests = tables.map((table) => `SELECT '${table}' AS name, count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest FROM "${table}" t`);
  const rows = (await db.query(digests.join(' UNION ALL '))) as Array<{ name: string; digest: string }>;
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}
