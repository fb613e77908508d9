import type { Client, InStatement } from '@libsql/client';

/** The client, recording the SQL of every statement sent through it (execute and batch). */
export function recordingClient(client: Client): { client: Client; sql: string[] } {
  const sql: string[] = [];
  const text = (s: InStatement) => (typeof s === 'string' ? s : s.sql);
  const wrapped = new Proxy(client, {
    get(target, key) {
      if (key === 'execute')
        return (s: InStatement) => {
          sql.push(text(s));
          return target.execute(s);
        };
      if (key === 'batch')
        return (ss: InStatement[], mode?: never) => {
          sql.push(...ss.map(text));
          return target.batch(ss, mode);
        };
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { client: wrapped, sql };
}
