import type { Db } from './db.ts';

/**
 * Queries built once per database and kept with it (drizzle prepared statements: building a wide select costs more CPU
 * than running it), for as long as the database object lives.
 */
export function perDatabase<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let queries = built.get(db);
    if (!queries) {
      queries = build(db);
      built.set(db, queries);
    }
    return queries;
  };
}
