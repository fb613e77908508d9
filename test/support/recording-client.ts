import type { Client, InArgs, InStatement } from '@libsql/client';

export type RecordedStatement = { sql: string; args: InArgs };

/** The client, recording every statement sent through it (execute and batch): `sql` the texts, `statements` with args. */
export function recordingClient(client: Client): { client: Client; sql: string[]; statements: RecordedStatement[] } {
  const statements: RecordedStatement[] = [];
  const sql: string[] = [];
  const keep = (s: InStatement) => {
    const statement = typeof s === 'string' ? { sql: s, args: [] } : { sql: s.sql, args: s.args ?? [] };
    statements.push(statement);
    sql.push(statement.sql);
  };
  const wrapped = new Proxy(client, {
    get(target, key) {
      if (key === 'execute')
        return (s: InStatement) => {
          keep(s);
          return target.execute(s);
        };
      if (key === 'batch')
        return (ss: InStatement[], mode?: never) => {
          for (const s of ss) keep(s);
          return target.batch(ss, mode);
        };
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { client: wrapped, sql, statements };
}
