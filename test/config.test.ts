import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, SETTINGS } from '../src/config';

describe('configuration', () => {
  it('has sane defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 4000, production: false, demoData: true, databaseUrl: undefined });
    expect(c.graphql.ide).toBe(true);
  });

  it('stops with a clear message on a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(new ConfigError('PORT must be a whole number, got "eighty"'));
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA must be true or false/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(() => loadConfig({ ROLE: 'cron' })).toThrow(new ConfigError('ROLE must be one of api, worker, all, got "cron"'));
    expect(() => loadConfig({ SECRETS_KEY: 'ab'.repeat(16) })).toThrow(/SECRETS_KEY must be 32 bytes/);
    expect(loadConfig({ SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') }).secretsKey).toEqual(Buffer.alloc(32, 7));
    expect(loadConfig({ ROLE: 'Worker' }).role).toBe('worker');
  });

  it('requires JWT_SECRET and SECRETS_KEY in production and turns the IDE and demo data off there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(/SECRETS_KEY is required/);
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SECRETS_KEY: 'ab'.repeat(32) });
    expect(c.graphql.ide).toBe(false);
    expect(c.demoData).toBe(false);
  });

  it('documents every setting in the README', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const missing = SETTINGS.map((s) => s.name).filter((n) => !readme.includes(`| \`${n}\` |`));
    expect(missing).toEqual([]);
  });
});
