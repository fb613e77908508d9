// `npm run samtal -- <command>`: the operator's command line.
import { ConfigError } from '../config.ts';
import { systemClock } from '../deps.ts';
import { isAppError } from '../domain/errors.ts';
import { createIds, cryptoRandomBytes } from '../domain/ids.ts';
import { createApiKey } from '../services/createApiKey.ts';
import { runMigrations } from '../store/migrate.ts';
import { openDatabase } from './database.ts';

const USAGE = `usage: npm run samtal -- <command>

commands:
  db migrate                 apply db/migrations to DATABASE_URL (file:, libsql://, https://)
  api-key create NAME        create an API key for scripts; prints it once
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  async 'db migrate'() {
    const { db, client, url } = await openDatabase(process.env);
    try {
      await runMigrations(db);
      console.log(`migrations applied to ${url.replace(/\/\/[^@/]*@/, '//')}`);
      return 0;
    } finally {
      client.close();
    }
  },
  async 'api-key create'([name]) {
    if (!name) {
      console.error('api-key create: give the key a NAME, e.g. `npm run samtal -- api-key create crm-sync`');
      return 2;
    }
    const { db, client } = await openDatabase(process.env);
    try {
      await runMigrations(db);
      const clock = systemClock;
      const created = await createApiKey({ db, clock, ids: createIds(() => clock.now(), cryptoRandomBytes) }, name);
      console.log(`API key "${created.name}" (${created.id}). Store it now; it is not shown again:\n${created.key}`);
      return 0;
    } finally {
      client.close();
    }
  },
};

export async function main(argv: string[]): Promise<number> {
  for (const [name, run] of Object.entries(commands)) {
    const words = name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return run(argv.slice(words.length));
  }
  console.error(argv.length ? `unknown command: ${argv.join(' ')}\n\n${USAGE}` : USAGE);
  return 2;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError || isAppError(error)) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
