/**
 * Two instances on one Redis and one PostgreSQL (as scaled mode runs them): members join
 * and check out through instance A, and a partner watching the canteen's live feed on
 * instance B sees the counts change — B writes nothing itself, it hears of A's changes
 * through the Redis canteen bus and recomputes from PostgreSQL. Without the bus, B would
 * keep its first figures until a change of its own.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createTablee, type Tablee } from '../../server/app.ts';
import { createMeal } from '../../server/board/meals.ts';
import { createLogger } from '../../server/log.ts';
import { redisCanteenBus } from '../../server/partners/canteen-bus.ts';
import { openScaledStorage } from '../../server/storage/scaled.ts';
import { localDate } from '../../src/lib/domain/local-time.ts';
import { startPostgres } from '../helpers/postgres.ts';
import { startRedis } from '../helpers/redis.ts';
import { connect } from '../helpers/server.ts';
import { admin, deviceOf, joinWithDevice, TIME_ZONE } from '../partners/fixtures.ts';

describe('the partner feed across instances', async () => {
	const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
	const log = createLogger('silent');
	const instances: Tablee[] = [];
	afterAll(async () => {
		for (const t of instances) await t.close();
		await redis.kill('SIGTERM');
	});
	async function instance() {
		const onError = () => undefined;
		const storage = await openScaledStorage({
			redisUrl: redis.url,
			databaseUrl: postgres.url,
			redisPrefix: 'feed',
			onError,
			onListenerError: onError
		});
		const canteenBus = await redisCanteenBus({ url: redis.url, prefix: 'feed', onError });
		const tablee = createTablee({ storage, log, timeZone: TIME_ZONE, canteenBus, presenceIntervalMs: 50 });
		instances.push(tablee);
		const { url } = await tablee.listen(0, '127.0.0.1');
		return { tablee, url };
	}
	const a = await instance();
	const b = await instance();
	const storage = a.tablee.storage;
	await storage.meals.createCanteen({ id: 'canteen_f', name: 'Cantine du Fort', createdAt: 1 });
	const lunch = await createMeal(storage, {
		canteenId: 'canteen_f',
		title: 'Déjeuner',
		date: localDate({ at: Date.now(), timeZone: TIME_ZONE }),
		time: '12:00',
		status: 'open',
		tasks: []
	});
	const made = await a.tablee.partnerLinks.create(admin, 'canteen_f', { label: 'Mairie', alsoCanteenIds: [] });
	if (!made.ok) throw new Error(made.reason);

	it('shows on instance B the arrivals and departures made through instance A', async () => {
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(`${b.url.replace('http', 'ws')}/yjs/partners`, 'canteen_f', doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			params: { key: made.token },
			disableBc: true
		});
		const figure = (name: string) => (doc.getMap('figures').toJSON() as Record<string, unknown>)[name];
		await vi.waitFor(() => expect(figure('arrivalsToday')).toEqual({ kind: 'fewer-than-5' }), 15_000);

		const joined = [];
		for (let i = 0; i < 6; i++)
			joined.push(await joinWithDevice(a.url, lunch.meal.joinCode, { name: `Membre${i}`, device: deviceOf('f', i) }));
		await vi.waitFor(() => expect(figure('arrivalsToday')).toEqual({ kind: 'count', value: 6 }), 15_000);
		expect(figure('presentNow')).toEqual({ kind: 'count', value: 6 });

		// Two leave through A: B's partner sees present-now fall under 5.
		for (const j of joined.slice(0, 2)) {
			const phone = await connect(a.url, { role: 'member', mealId: j.mealId, token: j.token });
			expect(await phone.send('member:checkout', {})).toEqual({ ok: true });
			phone.close();
		}
		await vi.waitFor(() => expect(figure('presentNow')).toEqual({ kind: 'fewer-than-5' }), 15_000);
		expect(JSON.stringify(doc.getMap('figures').toJSON())).not.toContain('Membre');
		provider.destroy();
	});
});
