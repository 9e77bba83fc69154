/**
 * The canteen prompts page over real HTTP against the production build: its load and its
 * form actions (add, edit, archive, restore) for anonymous, staff of this canteen, staff
 * of another canteen and the administrator, and malformed forms answered with a
 * translation key while nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { fr } from '../../src/lib/i18n/fr.ts';
import { loadHandler } from '../browser/build.ts';
import { startServer } from '../helpers/server.ts';
import { HttpClient, type ActionResult } from '../helpers/http-client.ts';
import { adminPerson, staffPerson } from '../helpers/staff.ts';

describe('canteen prompts page over HTTP', async () => {
	const server = await startServer({ appHandler: await loadHandler() });
	const { storage } = server.tablee;
	const canteenA = server.demo.meal.canteenId;
	await storage.meals.createCanteen({ id: 'canteen_b', name: 'Les Lilas', createdAt: 1 });
	const admin = await adminPerson(storage);
	const staffA = await staffPerson(storage, canteenA, admin.id);
	const staffB = await staffPerson(storage, 'canteen_b', admin.id);
	const page = (canteenId = canteenA) => `/staff/canteens/${canteenId}/prompts`;

	/** A browser holding `cookie` (none: anonymous). */
	function as(cookie: string | undefined): HttpClient {
		const client = new HttpClient(server.url);
		client.cookie = cookie;
		return client;
	}
	const post = (cookie: string | undefined, path: string, fields: Record<string, string>): Promise<ActionResult> =>
		as(cookie).post(path, fields);
	const load = (cookie: string | undefined, path: string) => as(cookie).load(path);

	const tajine = {
		textFr: '  Qui a déjà   mangé un tajine fait maison ?  ',
		textEn: '',
		category: 'menu',
		'phase-cooking': 'on',
		'phase-table': 'on',
		keywords: 'Tajine, carottes ;  semoule'
	};
	const list = () => storage.prompts.listCanteenPrompts(canteenA);

	it('lets staff of the canteen and the administrator add prompts, with the text rules applied', async () => {
		const added = await post(staffA.cookie, `${page()}?/add`, tajine);
		expect(added).toMatchObject({ type: 'success', data: { action: 'add', done: 'ownPrompts.added' } });
		const [prompt] = await list();
		expect(prompt).toMatchObject({
			id: added.data!.id,
			canteenId: canteenA,
			text: { fr: 'Qui a déjà mangé un tajine fait maison ?', en: '' },
			category: 'menu',
			phases: ['cooking', 'table'],
			keywords: ['tajine', 'carottes', 'semoule'],
			createdBy: staffA.id,
			archived: false
		});
		expect(
			await post(admin.cookie, `${page()}?/add`, {
				textFr: '',
				textEn: 'Your favourite market?',
				category: 'neighbourhood',
				'phase-washing-up': 'on'
			})
		).toMatchObject({ type: 'success' });
		expect((await list()).map((p) => p.createdBy)).toEqual([staffA.id, admin.id]);
		const shown = await load(staffA.cookie, page());
		expect(shown.type).toBe('data');
		expect(shown.text).toContain('Qui a déjà mangé un tajine fait maison ?');
		expect(shown.text).toContain('Your favourite market?');
		expect((await load(admin.cookie, page())).type).toBe('data');
	});

	it('refuses anonymous people and staff of another canteen on the load and every action', async () => {
		const before = JSON.stringify(await list());
		const id = (await list())[0]!.id;
		const actions: [string, Record<string, string>][] = [
			['add', { ...tajine, textFr: 'Pirate ?' }],
			['edit', { ...tajine, id, textFr: 'Pirate ?' }],
			['archive', { id }],
			['restore', { id }]
		];
		expect(await load(undefined, page())).toMatchObject({ type: 'redirect', location: '/login' });
		expect(await load(staffB.cookie, page())).toMatchObject({ status: 403 });
		for (const [action, fields] of actions) {
			expect(await post(undefined, `${page()}?/${action}`, fields), `anonymous ${action}`).toMatchObject({
				type: 'redirect',
				location: '/login'
			});
			expect(await post(staffB.cookie, `${page()}?/${action}`, fields), `staff B ${action}`).toMatchObject({
				status: 403
			});
		}
		// Staff B's own canteen is theirs: the same page works there, and shows none of A's.
		const own = await load(staffB.cookie, page('canteen_b'));
		expect(own.type).toBe('data');
		expect(own.text).not.toContain('tajine');
		// Staff A cannot reach B either; an unknown canteen is 403 for staff, 404 for the administrator.
		expect(await load(staffA.cookie, page('canteen_b'))).toMatchObject({ status: 403 });
		expect(await post(staffA.cookie, `${page('canteen_b')}?/add`, tajine)).toMatchObject({ status: 403 });
		expect(await load(staffA.cookie, page('canteen_nope'))).toMatchObject({ status: 403 });
		expect(await load(admin.cookie, page('canteen_nope'))).toMatchObject({ status: 404 });
		expect(await post(admin.cookie, `${page('canteen_nope')}?/add`, tajine)).toMatchObject({ status: 404 });
		expect(await storage.prompts.listCanteenPrompts('canteen_nope')).toEqual([]);
		expect(await storage.prompts.listCanteenPrompts('canteen_b')).toEqual([]);
		expect(JSON.stringify(await list())).toBe(before);
	});

	it('edits, archives and restores, in this canteen only', async () => {
		const [first] = await list();
		const edited = await post(staffA.cookie, `${page()}?/edit`, {
			...tajine,
			id: first!.id,
			textEn: 'Who has had a home-made tagine?',
			'phase-table': '',
			keywords: 'tajine'
		});
		// An unchecked box is simply absent; '' is not 'on', so it is a malformed form.
		expect(edited).toMatchObject({ type: 'failure', status: 400, data: { error: 'auth.badForm' } });
		const { 'phase-table': _table, ...withoutTable } = tajine;
		expect(
			await post(staffA.cookie, `${page()}?/edit`, {
				...withoutTable,
				id: first!.id,
				textEn: 'Who has had a home-made tagine?',
				keywords: 'tajine'
			})
		).toMatchObject({ type: 'success', data: { action: 'edit', done: 'ownPrompts.saved' } });
		expect(await storage.prompts.getCanteenPrompt(canteenA, first!.id)).toMatchObject({
			text: { fr: 'Qui a déjà mangé un tajine fait maison ?', en: 'Who has had a home-made tagine?' },
			phases: ['cooking'],
			keywords: ['tajine']
		});
		expect(await post(admin.cookie, `${page()}?/archive`, { id: first!.id })).toMatchObject({
			type: 'success',
			data: { done: 'ownPrompts.archivedDone' }
		});
		expect((await storage.prompts.getCanteenPrompt(canteenA, first!.id))?.archived).toBe(true);
		expect(await post(staffA.cookie, `${page()}?/restore`, { id: first!.id })).toMatchObject({
			type: 'success',
			data: { done: 'ownPrompts.restoredDone' }
		});
		expect((await storage.prompts.getCanteenPrompt(canteenA, first!.id))?.archived).toBe(false);

		// A prompt of another canteen is not found through this canteen's page, even by the administrator.
		await storage.prompts.createCanteenPrompt({ ...first!, id: 'cp_lilas', canteenId: 'canteen_b' });
		for (const action of ['archive', 'restore']) {
			expect(await post(admin.cookie, `${page()}?/${action}`, { id: 'cp_lilas' })).toMatchObject({
				type: 'failure',
				status: 404,
				data: { error: 'ownPrompts.unknown' }
			});
		}
		expect(await post(admin.cookie, `${page()}?/edit`, { ...tajine, id: 'cp_lilas' })).toMatchObject({
			status: 404,
			data: { error: 'ownPrompts.unknown' }
		});
		expect((await storage.prompts.getCanteenPrompt('canteen_b', 'cp_lilas'))?.text).toEqual(first!.text);
	});

	it('answers malformed forms with a translated message and changes nothing', async () => {
		const before = JSON.stringify(await list());
		const id = (await list())[0]!.id;
		const cases: [string, Record<string, string>, string][] = [
			['add', {}, 'auth.badForm'],
			['add', { ...tajine, textFr: '', textEn: '   ' }, 'ownPrompts.textMissing'],
			['add', { ...tajine, textFr: 'x'.repeat(201) }, 'ownPrompts.textInvalid'],
			['add', { ...tajine, textFr: 'a\u0000b' }, 'ownPrompts.textInvalid'],
			['add', { ...tajine, textFr: 'a\u202eb' }, 'ownPrompts.textInvalid'],
			['add', { ...tajine, textEn: '\u200b' }, 'ownPrompts.textInvalid'],
			['add', { ...tajine, category: 'politics' }, 'ownPrompts.categoryInvalid'],
			['add', { textFr: 'Sans moment ?', category: 'skills' }, 'ownPrompts.phasesMissing'],
			['add', { ...tajine, 'phase-table': 'yes' }, 'auth.badForm'],
			['add', { ...tajine, keywords: 'x'.repeat(41) }, 'ownPrompts.keywordsInvalid'],
			[
				'add',
				{ ...tajine, keywords: Array.from({ length: 21 }, (_, i) => `mot${i}`).join(',') },
				'ownPrompts.keywordsInvalid'
			],
			['add', { ...tajine, keywords: 'a\u0007b' }, 'ownPrompts.keywordsInvalid'],
			['edit', { ...tajine }, 'auth.badForm'],
			['edit', { ...tajine, id: '../x' }, 'ownPrompts.unknown'],
			['edit', { ...tajine, id, textFr: '', textEn: '' }, 'ownPrompts.textMissing'],
			['edit', { ...tajine, id: 'cp_nope' }, 'ownPrompts.unknown'],
			['archive', {}, 'auth.badForm'],
			['archive', { id: 'x'.repeat(5000) }, 'ownPrompts.unknown'],
			['restore', { id: 'cp_nope' }, 'ownPrompts.unknown']
		];
		for (const [action, fields, error] of cases) {
			const result = await post(staffA.cookie, `${page()}?/${action}`, fields);
			const where = `${action} ${JSON.stringify(fields).slice(0, 80)}`;
			expect(result.type, where).toBe('failure');
			expect(result.status, where).toBeGreaterThanOrEqual(400);
			expect(result.status, where).toBeLessThan(500);
			expect(result.data, where).toMatchObject({ action, error });
			expect(Object.keys(fr), where).toContain(error);
		}
		expect(JSON.stringify(await list())).toBe(before);
	});
});
