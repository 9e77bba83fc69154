/**
 * The environment, read and validated once at start-up with messages a person can act on.
 * Everything else receives a typed Config; nothing reads process.env later.
 */
import { resolve } from 'node:path';
import * as v from 'valibot';
import { isTimeZone } from '../src/lib/domain/local-time.ts';

const port = v.pipe(
	v.string(),
	v.regex(/^\d+$/, 'must be a number'),
	v.transform(Number),
	v.maxValue(65535, 'must be at most 65535')
);
const ms = v.pipe(v.string(), v.regex(/^\d+$/, 'must be a number of milliseconds'), v.transform(Number));

const urlWithScheme = (schemes: string[], example: string) =>
	v.pipe(
		v.string(),
		v.url(`must be a full URL such as ${example}`),
		v.check(
			(value) => !URL.canParse(value) || schemes.includes(new URL(value).protocol),
			`must start with ${schemes.map((s) => `${s}//`).join(' or ')}`
		)
	);

const envSchema = v.object({
	PORT: v.optional(port, '3000'),
	HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '0.0.0.0'),
	DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), './data'),
	PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('must be a full URL such as https://tablee.example.org'))),
	ROOM_IDLE_MS: v.optional(ms, '60000'),
	TABLEE_SQLITE_SYNC: v.optional(v.picklist(['normal', 'full']), 'normal'),
	// How often the WAL is folded into tablee.db: the most a lost or cut tablee.db-wal can take.
	TABLEE_CHECKPOINT_MS: v.optional(
		v.pipe(ms, v.minValue(100, 'must be at least 100 milliseconds'), v.maxValue(3_600_000, 'must be at most an hour')),
		'30000'
	),
	// Behind a reverse proxy: limits key on the last X-Forwarded-For entry, not the proxy.
	TABLEE_TRUST_PROXY: v.optional(v.picklist(['true', 'false']), 'false'),
	// Members one network (address) may add to one meal before the Canteen Master lets more in.
	TABLEE_MEMBERS_PER_NETWORK: v.optional(
		v.pipe(v.string(), v.regex(/^\d+$/, 'must be a number'), v.transform(Number), v.minValue(1), v.maxValue(300)),
		'40'
	),
	TABLEE_SEED: v.optional(v.picklist(['demo', 'none']), 'demo'),
	LOG_LEVEL: v.optional(v.picklist(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
	// Scale-out: both set, or neither (the embedded SQLite storage).
	REDIS_URL: v.optional(urlWithScheme(['redis:', 'rediss:'], 'redis://127.0.0.1:6379')),
	DATABASE_URL: v.optional(urlWithScheme(['postgres:', 'postgresql:'], 'postgres://tablee@127.0.0.1:5432/tablee')),
	REDIS_PREFIX: v.optional(
		v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1 to 32 letters, digits, - or _')),
		'tablee'
	),
	// Operations (docs/operations.md): /metrics for callers outside the private networks;
	// how long a graceful stop (SIGTERM) waits for clients and commands; how long a phone
	// waits for Redis or PostgreSQL before hearing "saving paused".
	METRICS_TOKEN: v.optional(v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'))),
	TABLEE_DRAIN_MS: v.optional(v.pipe(ms, v.maxValue(300_000, 'must be at most 5 minutes')), '10000'),
	TABLEE_STORAGE_DEADLINE_MS: v.optional(
		v.pipe(ms, v.minValue(100, 'must be at least 100 milliseconds'), v.maxValue(600_000)),
		'2000'
	),
	// Scale-out: an instance silent this long is gone (its members leave presence, its connections stop counting).
	TABLEE_INSTANCE_LEASE_MS: v.optional(
		v.pipe(ms, v.minValue(300, 'must be at least 300 milliseconds'), v.maxValue(600_000, 'must be at most 10 minutes')),
		'15000'
	),
	// Planning: meals are planned in this zone's dates ("today", dates in the past).
	TABLEE_TIME_ZONE: v.optional(
		v.pipe(v.string(), v.check(isTimeZone, 'must be an IANA time zone such as Europe/Paris')),
		'Europe/Paris'
	),
	// Privacy (docs/privacy.md): days after a meal before its names and what members shared are erased.
	TABLEE_RETENTION_DAYS: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^\d+$/, 'must be a whole number of days'),
			v.transform(Number),
			v.minValue(1, 'must be at least 1 day'),
			v.maxValue(3650, 'must be at most 3650 days (ten years)')
		),
		'30'
	),
	// Partner webhooks (docs/partners-api.md): true lets webhooks target http://localhost and
	// private addresses — development and tests only, never in production (SSRF).
	TABLEE_WEBHOOKS_LOCAL: v.optional(v.picklist(['true', 'false']), 'false'),
	// The wait after a webhook's first failed attempt, doubled after each next one (with jitter).
	TABLEE_WEBHOOK_RETRY_MS: v.optional(
		v.pipe(ms, v.minValue(100, 'must be at least 100 milliseconds'), v.maxValue(3_600_000, 'must be at most an hour')),
		'30000'
	)
});

export interface Config {
	port: number;
	host: string;
	dataDir: string;
	publicUrl: string | undefined;
	roomIdleMs: number;
	sqliteSync: 'normal' | 'full';
	/** Milliseconds between WAL checkpoints. */
	checkpointEveryMs: number;
	trustProxy: boolean;
	membersPerNetwork: number;
	seed: 'demo' | 'none';
	logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
	/** IANA time zone of the canteens, e.g. Europe/Paris. */
	timeZone: string;
	/** Redis + PostgreSQL instead of SQLite, for several instances behind one address; null for embedded. */
	scale: ScaleConfig | null;
	/** Days after a meal before its names and shared facts are erased (server/privacy/retention.ts). */
	retentionDays: number;
	/** Partner webhooks: local/private targets allowed (development only); first retry wait. */
	webhooks: { allowLocal: boolean; retryBaseMs: number };
	/** Bearer token for GET /metrics from outside the private networks. */
	metricsToken: string | undefined;
	/** The most a graceful stop waits for clients to leave and commands to finish. */
	drainMs: number;
}

export interface ScaleConfig {
	redisUrl: string;
	databaseUrl: string;
	/** Every Redis key starts with it. */
	redisPrefix: string;
	/** How long an operation waits for Redis or PostgreSQL before it is refused (saving_paused). */
	deadlineMs: number;
	/** An instance that has not renewed its lease for this long is gone (server/scale/shared.ts). */
	leaseMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
	const parsed = v.safeParse(envSchema, env);
	if (!parsed.success) {
		const lines = parsed.issues.map((i) => `  ${i.path?.map((p) => String(p.key)).join('.') ?? '?'}: ${i.message}`);
		throw new Error(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every setting.`);
	}
	const e = parsed.output;
	if (Boolean(e.REDIS_URL) !== Boolean(e.DATABASE_URL)) {
		const missing = e.REDIS_URL ? 'DATABASE_URL' : 'REDIS_URL';
		throw new Error(
			`Invalid configuration:\n  ${missing}: must be set too — Redis (the live boards) and PostgreSQL (the records) go together; leave both unset for the embedded SQLite storage.\nSee .env.example for every setting.`
		);
	}
	return {
		port: e.PORT,
		host: e.HOST,
		dataDir: resolve(e.DATA_DIR),
		publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
		roomIdleMs: e.ROOM_IDLE_MS,
		sqliteSync: e.TABLEE_SQLITE_SYNC,
		checkpointEveryMs: e.TABLEE_CHECKPOINT_MS,
		trustProxy: e.TABLEE_TRUST_PROXY === 'true',
		membersPerNetwork: e.TABLEE_MEMBERS_PER_NETWORK,
		seed: e.TABLEE_SEED,
		logLevel: e.LOG_LEVEL,
		timeZone: e.TABLEE_TIME_ZONE,
		retentionDays: e.TABLEE_RETENTION_DAYS,
		webhooks: { allowLocal: e.TABLEE_WEBHOOKS_LOCAL === 'true', retryBaseMs: e.TABLEE_WEBHOOK_RETRY_MS },
		scale:
			e.REDIS_URL && e.DATABASE_URL
				? {
						redisUrl: e.REDIS_URL,
						databaseUrl: e.DATABASE_URL,
						redisPrefix: e.REDIS_PREFIX,
						deadlineMs: e.TABLEE_STORAGE_DEADLINE_MS,
						leaseMs: e.TABLEE_INSTANCE_LEASE_MS
					}
				: null,
		metricsToken: e.METRICS_TOKEN,
		drainMs: e.TABLEE_DRAIN_MS
	};
}
