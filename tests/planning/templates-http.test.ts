/**
 * The task-templates page over real HTTP against the production build: every form action
 * for anonymous, staff of this canteen, staff of another canteen and an administrator, and
 * malformed input on every field, each refusal leaving the store as it was.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../src/lib/domain/templates.ts';
import { loadHandler } from '../browser/build.ts';
import { startServer } from '../helpers/server.ts';
import { HttpClient } from '../helpers/http-client.ts';
import { staffUser } from './series-fixtures.ts';

describe('task templates over HTTP', async () => {
	const server = await startServer({ appHandler: await loadHandler() });
	const { storage } = server.tablee;
	await storage.meals.createCanteen({ id: 'canteen_a', name: 'Cantine du Canal', createdAt: 1 });
	await storage.meals.createCanteen({ id: 'canteen_b', name: 'Cantine des Lilas', createdAt: 2 });
	const staffA = new HttpClient(server.url, (await staffUser(storage, { canteenIds: ['canteen_a'] })).token);
	const staffB = new HttpClient(server.url, (await staffUser(storage, { canteenIds: ['canteen_b'] })).token);
	const admin = new HttpClient(
		server.url,
		(await staffUser(storage, { role: 'admin', canteenIds: ['canteen_b'] })).token
	);
	const anonymous = new HttpClient(server.url);
	const page = '/staff/canteens/canteen_a/templates';

	const snapshot = async () => JSON.stringify(await storage.planning.listTaskTemplates('canteen_a'));
	const titles = async () => (await storage.planning.listTaskTemplates('canteen_a')).map((t) => t.title.fr);
	const template = (over: Record<string, string> = {}) => ({
		kind: 'dishes',
		titleFr: 'Laver les marmites',
		titleEn: 'Wash the pots',
		slots: '2',
		phase: 'after',
		icon: '🫕',
		...over
	});

	it('shows the default set the first time, stored so that edits stick', async () => {
		expect(await storage.planning.listTaskTemplates('canteen_a')).toEqual([]);
		const loaded = await staffA.load(page);
		expect(loaded.type).toBe('data');
		expect(loaded.text).toContain('Faire la vaisselle');
		expect(await titles()).toEqual(DEFAULT_TEMPLATES.map((t) => t.title.fr));
		// A second read does not seed again.
		await admin.load(page);
		expect(await storage.planning.listTaskTemplates('canteen_a')).toHaveLength(DEFAULT_TEMPLATES.length);
	});

	it('keeps the page and every action to staff of the canteen and administrators', async () => {
		const first = (await storage.planning.listTaskTemplates('canteen_a'))[0]!;
		const refusals = [
			['anonymous', anonymous, { type: 'redirect', location: '/login' }],
			['staff of another canteen', staffB, { status: 403 }]
		] as const;
		for (const [who, client, expected] of refusals) {
			const before = await snapshot();
			expect(await client.load(page), who).toMatchObject(expected);
			expect(await client.post(`${page}?/add`, template()), who).toMatchObject(expected);
			expect(await client.post(`${page}?/edit`, template({ id: first.id })), who).toMatchObject(expected);
			expect(await client.post(`${page}?/down`, { id: first.id }), who).toMatchObject(expected);
			expect(await client.post(`${page}?/up`, { id: first.id }), who).toMatchObject(expected);
			expect(await client.post(`${page}?/delete`, { id: first.id }), who).toMatchObject(expected);
			expect(await client.post(`${page}?/reset`, { confirm: 'yes' }), who).toMatchObject(expected);
			expect(await snapshot(), who).toBe(before);
		}
		// Staff of another canteen get a translated refusal, not a hint of what exists.
		expect(await staffB.post(`${page}?/add`, template())).toMatchObject({
			type: 'failure',
			status: 403,
			data: { action: 'add', error: 'templates.forbidden' }
		});
		// Their own canteen's page is theirs; an unknown canteen is not found, for an administrator.
		expect((await staffB.load('/staff/canteens/canteen_b/templates')).type).toBe('data');
		expect(await admin.load('/staff/canteens/canteen_nope/templates')).toMatchObject({ status: 404 });
		expect(await staffA.load('/staff/canteens/canteen_nope/templates')).toMatchObject({ status: 403 });

		for (const [who, client] of [
			['staff of this canteen', staffA],
			['administrator', admin]
		] as const) {
			const added = await client.post(`${page}?/add`, template({ titleFr: `Marmites (${who})` }));
			expect(added, who).toMatchObject({ type: 'success', data: { action: 'add', done: 'templates.added' } });
			expect(await titles(), who).toContain(`Marmites (${who})`);
		}
	});

	it('adds at the end of its phase, edits, moves within the phase, deletes', async () => {
		await staffA.post(`${page}?/reset`, { confirm: 'yes' });
		expect(await staffA.post(`${page}?/add`, template())).toMatchObject({ type: 'success' });
		let list = await storage.planning.listTaskTemplates('canteen_a');
		const pots = list.find((t) => t.title.fr === 'Laver les marmites')!;
		expect(list.filter((t) => t.phase === 'after').at(-1)).toEqual(pots);
		expect(pots).toMatchObject({ kind: 'dishes', slots: 2, icon: '🫕', title: { en: 'Wash the pots' } });

		// Up twice: it passes the sweeping and the compost.
		expect(await staffA.post(`${page}?/up`, { id: pots.id })).toMatchObject({
			type: 'success',
			data: { done: 'templates.moved' }
		});
		await staffA.post(`${page}?/up`, { id: pots.id });
		list = await storage.planning.listTaskTemplates('canteen_a');
		const after = list.filter((t) => t.phase === 'after').map((t) => t.title.fr);
		expect(after.indexOf('Laver les marmites')).toBe(after.length - 3);
		// The first of a phase cannot go further up: nothing moves, nothing is wrong.
		const firstAfter = list.find((t) => t.phase === 'after')!;
		const before = await snapshot();
		expect(await staffA.post(`${page}?/up`, { id: firstAfter.id })).toMatchObject({ type: 'success' });
		expect(await snapshot()).toBe(before);
		await staffA.post(`${page}?/down`, { id: pots.id });
		expect((await storage.planning.listTaskTemplates('canteen_a')).filter((t) => t.phase === 'after').at(-2)?.id).toBe(
			pots.id
		);

		// Edited into another phase, it goes to that phase's end.
		const edited = await staffA.post(
			`${page}?/edit`,
			template({ id: pots.id, phase: 'before', slots: '4', titleEn: '' })
		);
		expect(edited).toMatchObject({ type: 'redirect', location: `${page}?saved=${pots.id}#tpl-${pots.id}` });
		list = await storage.planning.listTaskTemplates('canteen_a');
		expect(list.filter((t) => t.phase === 'before').at(-1)).toMatchObject({
			id: pots.id,
			slots: 4,
			title: { fr: 'Laver les marmites', en: '' }
		});

		expect(await staffA.post(`${page}?/delete`, { id: pots.id })).toMatchObject({
			type: 'success',
			data: { done: 'templates.deleted' }
		});
		expect((await storage.planning.listTaskTemplates('canteen_a')).some((t) => t.id === pots.id)).toBe(false);
	});

	it('resets to the default set only when confirmed', async () => {
		await staffA.post(`${page}?/add`, template({ titleFr: 'En plus' }));
		const before = await snapshot();
		expect(await staffA.post(`${page}?/reset`, {})).toMatchObject({
			status: 400,
			data: { error: 'templates.confirmMissing' }
		});
		expect(await staffA.post(`${page}?/reset`, { confirm: 'no' })).toMatchObject({
			status: 400,
			data: { error: 'templates.confirmMissing' }
		});
		expect(await snapshot()).toBe(before);
		expect(await staffA.post(`${page}?/reset`, { confirm: 'yes' })).toMatchObject({
			type: 'success',
			data: { done: 'templates.resetDone' }
		});
		expect(await titles()).toEqual(DEFAULT_TEMPLATES.map((t) => t.title.fr));
	});

	it('answers malformed input on every field with a translated error and changes nothing', async () => {
		const id = (await storage.planning.listTaskTemplates('canteen_a'))[0]!.id;
		const cases: [string, Record<string, string>, string][] = [
			['add', template({ kind: 'juggling' }), 'templates.kindInvalid'],
			['add', template({ titleFr: '', titleEn: '  ' }), 'templates.titleInvalid'],
			['add', template({ titleFr: 'x'.repeat(81) }), 'templates.titleInvalid'],
			['add', template({ titleEn: 'a\u0000b' }), 'templates.titleInvalid'],
			['add', template({ titleFr: '\u202eevil' }), 'templates.titleInvalid'],
			['add', template({ slots: '0' }), 'templates.slotsInvalid'],
			['add', template({ slots: '31' }), 'templates.slotsInvalid'],
			['add', template({ slots: '1.5' }), 'templates.slotsInvalid'],
			['add', template({ slots: 'deux' }), 'templates.slotsInvalid'],
			['add', template({ phase: 'lunch' }), 'templates.phaseInvalid'],
			['add', template({ icon: '' }), 'templates.iconInvalid'],
			['add', template({ icon: 'ab' }), 'templates.iconInvalid'],
			['add', template({ icon: '🥕🥕' }), 'templates.iconInvalid'],
			['add', template({ icon: '🥕'.repeat(500) }), 'templates.iconInvalid'],
			['add', {}, 'auth.badForm'],
			['add', { kind: 'dishes' }, 'auth.badForm'],
			['edit', template({ id: '../etc' }), 'templates.notFound'],
			['edit', template(), 'auth.badForm'],
			['edit', template({ id, slots: '-3' }), 'templates.slotsInvalid'],
			['delete', {}, 'auth.badForm'],
			['delete', { id: 'x'.repeat(5000) }, 'templates.notFound'],
			['up', { id: 'a b' }, 'templates.notFound'],
			['down', {}, 'auth.badForm']
		];
		const before = await snapshot();
		for (const [action, fields, error] of cases) {
			const result = await staffA.post(`${page}?/${action}`, fields);
			expect(result, `${action} ${JSON.stringify(fields).slice(0, 80)}`).toMatchObject({
				type: 'failure',
				status: 400,
				data: { action, error }
			});
		}
		// Well-formed ids that are not this canteen's templates: not found.
		for (const action of ['edit', 'delete', 'up', 'down']) {
			const result = await staffA.post(`${page}?/${action}`, template({ id: 'tpl_nope' }));
			expect(result, action).toMatchObject({ type: 'failure', status: 404, data: { error: 'templates.notFound' } });
		}
		const theirs = (await storage.planning.listTaskTemplates('canteen_b'))[0] ?? { id: 'none' };
		expect(await staffA.post(`${page}?/delete`, { id: theirs.id })).toMatchObject({ status: 404 });
		expect(await snapshot()).toBe(before);
	});
});
