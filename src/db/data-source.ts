import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

/** A DataSource for one database URL; callers initialize and destroy it. */
export function createDataSource(databaseUrl: string, options: { poolSize?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
  });
}

// Any fixed number: api and worker processes starting together take turns at migrating.
const MIGRATION_LOCK_KEY = 7_041_977;

/** Connects and brings the schema up to date; migrations run in one transaction each. */
export async function openDatabase(databaseUrl: string, options: { poolSize?: number } = {}): Promise<DataSource> {
  // The lock holds one connection while the migrations run on another.
  const dataSource = createDataSource(databaseUrl, { poolSize: Math.max(2, options.poolSize ?? 10) });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
  return dataSource;
}
