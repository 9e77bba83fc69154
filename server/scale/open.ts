/**
 * The one place that chooses what instances share (shared.ts): in this process when the
 * configuration names no Redis, through Redis when it does (the same as the board log's).
 */
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { embeddedShared, openRedisShared, type Shared } from './shared.ts';

export async function openShared({ config, log }: { config: Pick<Config, 'scale'>; log: Logger }): Promise<Shared> {
	if (!config.scale) return embeddedShared();
	return openRedisShared({
		url: config.scale.redisUrl,
		prefix: config.scale.redisPrefix,
		deadlineMs: config.scale.deadlineMs,
		leaseMs: config.scale.leaseMs,
		onError: (error) => log.warn('shared state connection trouble', { error: String(error) })
	});
}
