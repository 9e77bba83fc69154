import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('REDIS_URL and DATABASE_URL', () => {
	it('keep the embedded storage when neither is set', () => {
		expect(readConfig({}).scale).toBeNull();
	});

	it('choose Redis + PostgreSQL when both are set, with the default key prefix', () => {
		expect(
			readConfig({ REDIS_URL: 'redis://cache:6380', DATABASE_URL: 'postgresql://tablee@db/tablee' }).scale
		).toEqual({
			redisUrl: 'redis://cache:6380',
			databaseUrl: 'postgresql://tablee@db/tablee',
			redisPrefix: 'tablee',
			leaseMs: 15_000,
			deadlineMs: 2_000
		});
	});

	it('take the storage deadline, the drain and the metrics token, within bounds', () => {
		const both = { REDIS_URL: 'redis://c', DATABASE_URL: 'postgres://d/x' };
		expect(readConfig({ ...both, TABLEE_STORAGE_DEADLINE_MS: '500' }).scale?.deadlineMs).toBe(500);
		expect(() => readConfig({ ...both, TABLEE_STORAGE_DEADLINE_MS: '5' })).toThrow(
			/TABLEE_STORAGE_DEADLINE_MS: must be at least 100 milliseconds/
		);
		expect(readConfig({}).drainMs).toBe(10_000);
		expect(readConfig({ TABLEE_DRAIN_MS: '2500' }).drainMs).toBe(2500);
		expect(readConfig({}).metricsToken).toBeUndefined();
		expect(() => readConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
	});

	it('take an instance lease in milliseconds, within bounds', () => {
		const both = { REDIS_URL: 'redis://c', DATABASE_URL: 'postgres://d/x' };
		expect(readConfig({ ...both, TABLEE_INSTANCE_LEASE_MS: '3000' }).scale?.leaseMs).toBe(3000);
		expect(() => readConfig({ ...both, TABLEE_INSTANCE_LEASE_MS: '10' })).toThrow(
			/TABLEE_INSTANCE_LEASE_MS: must be at least 300 milliseconds/
		);
	});

	it('refuse one without the other, saying which is missing', () => {
		expect(() => readConfig({ REDIS_URL: 'redis://cache:6379' })).toThrow(/DATABASE_URL: must be set too/);
		expect(() => readConfig({ DATABASE_URL: 'postgres://db/tablee' })).toThrow(/REDIS_URL: must be set too/);
	});

	it('refuse an address of the wrong kind or a malformed one, saying what is expected', () => {
		expect(() => readConfig({ REDIS_URL: 'postgres://db/x', DATABASE_URL: 'postgres://db/x' })).toThrow(
			/REDIS_URL: must start with redis:\/\/ or rediss:\/\//
		);
		expect(() => readConfig({ REDIS_URL: 'redis://c', DATABASE_URL: 'not a url' })).toThrow(
			/DATABASE_URL: must be a full URL such as postgres:\/\//
		);
		expect(() => readConfig({ REDIS_URL: 'redis://c', DATABASE_URL: 'postgres://d/x', REDIS_PREFIX: 'a:b' })).toThrow(
			/REDIS_PREFIX: must be 1 to 32 letters/
		);
	});
});
