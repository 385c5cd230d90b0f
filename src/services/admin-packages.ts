import type { DataSource } from 'typeorm';
import { PackageEntity, TenantEntity } from '../db/entities';
import { stripePriceProblem } from '../domain/money';
import { AppError } from '../errors';
import type { TAdminPackage, TCreatePackageBody, TUpdatePackageBody } from '../schemas/admin.schema';

function toAdminPackage(pkg: PackageEntity): TAdminPackage {
  return {
    id: pkg.id,
    name: pkg.name,
    description: pkg.description,
    priceCents: pkg.priceCents,
    currency: pkg.currency,
    active: pkg.active,
    createdAt: pkg.createdAt.toISOString(),
    updatedAt: pkg.updatedAt.toISOString(),
  };
}

/** Every package of the tenant, active or not, oldest first. */
export async function listPackages(db: DataSource, tenantId: string): Promise<TAdminPackage[]> {
  const packages = await db.getRepository(PackageEntity).find({ where: { tenantId }, order: { createdAt: 'ASC', id: 'ASC' } });
  return packages.map(toAdminPackage);
}

/** A price Stripe could not charge is a 400 now, not a failed checkout later. */
function assertChargeable(priceCents: number, currency: string): void {
  const problem = stripePriceProblem(priceCents, currency);
  if (problem) throw new AppError('INVALID_REQUEST', `Invalid body: priceCents: ${problem}`, [{ path: 'priceCents', message: problem }]);
}

/** A new package, priced in the tenant's currency (in its minor unit: cents, yen, fils). */
export async function createPackage(db: DataSource, tenant: TenantEntity, input: TCreatePackageBody): Promise<TAdminPackage> {
  assertChargeable(input.priceCents, tenant.currency);
  const saved = await db.getRepository(PackageEntity).save({
    tenantId: tenant.id,
    name: input.name,
    description: input.description ?? '',
    priceCents: input.priceCents,
    currency: tenant.currency,
    active: input.active ?? true,
  });
  return toAdminPackage(await db.getRepository(PackageEntity).findOneByOrFail({ id: saved.id, tenantId: tenant.id }));
}

/** A package withdrawn before the tenant changed currency stays withdrawn: the catalog never mixes currencies. */
async function assertInTenantCurrency(db: DataSource, pkg: PackageEntity): Promise<void> {
  const tenant = await db.getRepository(TenantEntity).findOneByOrFail({ id: pkg.tenantId });
  if (pkg.currency !== tenant.currency) {
    throw new AppError(
      'CONFLICT',
      `This package is priced in ${pkg.currency.toUpperCase()} and the business now charges in ${tenant.currency.toUpperCase()}: create a new package instead`,
    );
  }
}

/**
 * Changes the given fields; another tenant's package is not found, exactly like a missing one.
 * Proposals already made keep the price they showed: the workflow carries it in its input.
 */
export async function updatePackage(db: DataSource, tenantId: string, packageId: string, input: TUpdatePackageBody): Promise<TAdminPackage> {
  const packages = db.getRepository(PackageEntity);
  if (input.priceCents !== undefined || input.active === true) {
    const current = await packages.findOneBy({ id: packageId, tenantId });
    if (!current) throw new AppError('NOT_FOUND', 'No package with that id');
    if (input.priceCents !== undefined) assertChargeable(input.priceCents, current.currency);
    if (input.active === true) await assertInTenantCurrency(db, current);
  }
  const changes: Partial<PackageEntity> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.description !== undefined) changes.description = input.description;
  if (input.priceCents !== undefined) changes.priceCents = input.priceCents;
  if (input.active !== undefined) changes.active = input.active;
  const result = await packages.update({ id: packageId, tenantId }, changes);
  if (!result.affected) throw new AppError('NOT_FOUND', 'No package with that id');
  return toAdminPackage(await packages.findOneByOrFail({ id: packageId, tenantId }));
}
