/**
 * The summary migration on a database written before it: each meal's title, date, time,
 * stage, plan and people are read once from its stored board (snapshot and tail).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyChanges } from '../../src/lib/board-doc/doc.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { MIGRATIONS } from '../../server/storage/sqlite/migrations.ts';
import { member, meta } from '../helpers/board-fixtures.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('sqlite migration: meal summaries', () => {
	it('fills each meal’s summary from its stored board, once', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tablee-migrate-'));
		dirs.push(dir);
		// The database as the release before the summary columns left it (later migrations, such
		// as the join codes', run after it when the storage opens).
		const before = MIGRATIONS.findIndex((step) => typeof step === 'function');
		const db = new Database(join(dir, 'tablee.db'));
		for (const step of MIGRATIONS.slice(0, before)) if (typeof step === 'string') db.exec(step);
		db.pragma(`user_version = ${before}`);
		db.prepare("insert into canteens (id, name, created_at) values ('c1', 'Canal', 1)").run();
		const insertMeal = db.prepare(
			"insert into meals (id, canteen_id, join_code, master_key_hash, screen_key_hash, created_at) values (?, 'c1', ?, 'm', 's', ?)"
		);
		insertMeal.run('compacted', 'AAA222', 1);
		insertMeal.run('fresh', 'BBB333', 2);
		insertMeal.run('empty', 'CCC444', 3);
		const plan = { durationMinutes: 90, menu: { dishes: [] }, pricePerPlateCents: 300, capacity: 30 };

		// One board compacted into a snapshot with a tail after it, one never compacted.
		const doc = new Y.Doc();
		applyChanges({ board: doc, masters: new Y.Doc() }, [
			{ type: 'meta:set', meta: { ...meta('open'), id: 'compacted', plan } }
		]);
		applyChanges({ board: doc, masters: new Y.Doc() }, [{ type: 'member:set', member: member('a') }]);
		db.prepare("insert into board_snapshots (meal_id, seq, data) values ('compacted', 2, ?)").run(
			Y.encodeStateAsUpdate(doc)
		);
		const sv = Y.encodeStateVector(doc);
		applyChanges({ board: doc, masters: new Y.Doc() }, [
			{ type: 'member:set', member: member('b', { checkedIn: false }) },
			{ type: 'meta:set', meta: { ...meta('eating'), id: 'compacted', title: 'Soupe', plan } }
		]);
		db.prepare("insert into board_updates (meal_id, seq, data) values ('compacted', 3, ?)").run(
			Y.encodeStateAsUpdate(doc, sv)
		);
		const other = new Y.Doc();
		applyChanges({ board: other, masters: new Y.Doc() }, [
			{ type: 'meta:set', meta: { ...meta('planned'), id: 'fresh', date: '2030-01-02' } }
		]);
		db.prepare("insert into board_updates (meal_id, seq, data) values ('fresh', 1, ?)").run(
			Y.encodeStateAsUpdate(other)
		);
		db.close();

		const storage = openSqliteStorage({ dataDir: dir });
		expect(await storage.meals.getMeal('compacted')).toMatchObject({
			title: 'Soupe',
			date: '2026-11-25',
			time: '12:30',
			status: 'eating',
			plan,
			joined: 2,
			checkedIn: 1
		});
		expect(await storage.meals.getMeal('fresh')).toMatchObject({
			title: 'Déjeuner',
			date: '2030-01-02',
			status: 'planned',
			joined: 0,
			checkedIn: 0
		});
		expect(await storage.meals.getMeal('fresh')).not.toHaveProperty('plan');
		expect(await storage.meals.getMeal('empty')).toMatchObject({ title: '', status: 'planned', joined: 0 });
		// Once: a summary changed afterwards is not overwritten by the next start.
		await storage.meals.updateSummary('fresh', {
			title: 'Changed',
			date: '',
			time: '',
			status: 'open',
			joined: 0,
			checkedIn: 0
		});
		await storage.close();
		const again = openSqliteStorage({ dataDir: dir });
		expect((await again.meals.getMeal('fresh'))?.title).toBe('Changed');
		await again.close();
	});
});
