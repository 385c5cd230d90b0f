import type { DataSource, EntityManager } from 'typeorm';

/** One customer per tenant and (lower-cased) email; a later booking refreshes the name. */
export async function upsertCustomer(db: DataSource | EntityManager, tenantId: string, email: string, name: string): Promise<string> {
  const rows: Array<{ id: string }> = await db.query(
    `INSERT INTO customers (tenant_id, email, name) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, email) DO UPDATE SET name = EXCLUDED.name
     RETURNING id`,
    [tenantId, email.toLowerCase(), name],
  );
  return rows[0].id;
}
