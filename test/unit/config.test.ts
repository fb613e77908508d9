import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, VERSION, loadConfig, loadDatabaseConfig } from '../../src/config.ts';

const SECRET = 'x'.repeat(40);

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults on Node', () => {
    const config = loadConfig({ SECRET_KEY: SECRET }, 'node');
    expect(config.port).toBe(8787);
    expect(config.databaseUrl).toBe('file:./data/samtal.db');
    expect(config.resendApiKey).toBeUndefined();
    expect(config.publicUrl).toBe('http://localhost:8787');
    expect(config.demo).toBe(false);
    expect(config.trustProxy).toBe(false);
  });

  it('reads TRUST_PROXY as a flag and names a bad value', () => {
    expect(loadConfig({ SECRET_KEY: SECRET, TRUST_PROXY: 'true' }, 'node').trustProxy).toBe(true);
    expect(problemsOf(() => loadConfig({ SECRET_KEY: SECRET, TRUST_PROXY: 'maybe' }, 'node'))).toEqual([
      'TRUST_PROXY: expected true or false; got "maybe"',
    ]);
  });

  it('reads QUIET_HOURS as local hours or "off", and names a bad value', () => {
    expect(loadConfig({ SECRET_KEY: SECRET }, 'node').quietHours).toBeUndefined();
    expect(loadConfig({ SECRET_KEY: SECRET, QUIET_HOURS: '22:00-07:30' }, 'node').quietHours).toEqual({ start: 1320, end: 450 });
    expect(loadConfig({ SECRET_KEY: SECRET, QUIET_HOURS: 'off' }, 'node').quietHours).toBeNull();
    expect(problemsOf(() => loadConfig({ SECRET_KEY: SECRET, QUIET_HOURS: '9pm-8am' }, 'node'))).toEqual([
      'QUIET_HOURS: expected HH:MM-HH:MM in the contact\'s local time (e.g. "21:00-08:00"), or "off"; got "9pm-8am"',
    ]);
  });

  it('reads every variable it documents', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        DATABASE_URL: 'libsql://samtal-acme.turso.io',
        DATABASE_AUTH_TOKEN: 'tok',
        RESEND_API_KEY: 're_123abc',
        MAIL_FROM: 'Acme <support@acme.example>',
        INBOUND_DOMAIN: 'Reply.Acme.Example',
        PUBLIC_URL: 'https://samtal.acme.example/',
        SECRET_KEY: SECRET,
        INBOUND_SECRET: 'inbound-secret-123456',
        SAMTAL_ADMIN_EMAIL: 'ana@acme.example',
        SAMTAL_ADMIN_PASSWORD: 'correct horse battery',
        SAMTAL_API_KEY: 'k'.repeat(30),
        SAMTAL_DEMO: 'true',
      },
      'node',
    );
    expect(config).toMatchObject({
      port: 9000,
      databaseUrl: 'libsql://samtal-acme.turso.io',
      databaseAuthToken: 'tok',
      resendApiKey: 're_123abc',
      mailFrom: 'Acme <support@acme.example>',
      inboundDomain: 'reply.acme.example',
      publicUrl: 'https://samtal.acme.example',
      inboundSecret: 'inbound-secret-123456',
      adminEmail: 'ana@acme.example',
      demo: true,
    });
  });

  it('names every bad variable and what it expects, in one error', () => {
    const problems = problemsOf(() =>
      loadConfig(
        { SECRET_KEY: 'short', PORT: 'eighty', DATABASE_URL: 'postgres://x', MAIL_FROM: 'not an address', RESEND_API_KEY: 'sk_live' },
        'node',
      ),
    );
    const text = problems.join('\n');
    expect(text).toMatch(/^PORT: expected a whole number from 1 to 65535; got "eighty"$/m);
    expect(text).toMatch(/^DATABASE_URL: expected a libSQL URL/m);
    expect(text).toMatch(/^MAIL_FROM: expected an address like/m);
    expect(text).toMatch(/^RESEND_API_KEY: expected a Resend API key \(starts with re_\); got \(hidden\)$/m);
    expect(text).toMatch(/^SECRET_KEY: expected a random string of at least 32 characters; got \(hidden\)$/m);
    expect(problems).toHaveLength(5);
  });

  it('refuses a port out of range', () => {
    expect(problemsOf(() => loadConfig({ SECRET_KEY: SECRET, PORT: '70000' }, 'node'))[0]).toMatch(/^PORT:/);
  });

  it('requires the production settings on Workers', () => {
    const problems = problemsOf(() => loadConfig({ DATABASE_URL: 'libsql://db.turso.io' }, 'worker'));
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['INBOUND_DOMAIN', 'MAIL_FROM', 'PUBLIC_URL', 'SECRET_KEY']);
  });

  it('asks for the admin password when only the admin email is set', () => {
    expect(problemsOf(() => loadConfig({ SECRET_KEY: SECRET, SAMTAL_ADMIN_EMAIL: 'a@b.example' }, 'node'))).toEqual([
      expect.stringMatching(/^SAMTAL_ADMIN_PASSWORD: missing/),
    ]);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ SECRET_KEY: SECRET, PORT: '', RESEND_API_KEY: '' }, 'node').port).toBe(8787);
  });

  it('validates just the database settings for tools', () => {
    expect(loadDatabaseConfig({ DATABASE_URL: 'http://127.0.0.1:8080' }).databaseUrl).toBe('http://127.0.0.1:8080');
    expect(() => loadDatabaseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: expected a libSQL URL/);
  });

  it('reports the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(pkg.version);
  });
});
