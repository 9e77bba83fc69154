/**
 * The kitchen screen as it hangs across the room, on the production build: meals of 5, 14
 * and 30 tasks with a prompt showing, through every stage, at 1920×1080 (a 55" TV) and
 * 1280×720 (a projector). Layout is checked by measuring element boxes against the
 * viewport on every page, never by timing; sizes and contrast are read from the computed
 * styles. Screenshots land in test-results/screenshots for a human look.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import { DEMO_CANTEEN_ID, DEMO_PLAN } from '../../server/seed/demo.ts';
import type { BoardConnection } from '../../src/lib/client/connection.ts';
import { DEFAULT_TEMPLATES } from '../../src/lib/domain/templates.ts';
import type { MealStatus } from '../../src/lib/domain/types.ts';
import { connect, joinMember, startServer, type TestServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { shots, useChromium } from './chromium.ts';

const { open } = useChromium();

const TV = { width: 1920, height: 1080 };
const PROJECTOR = { width: 1280, height: 720 };

/** Jobs a canteen really adds beyond the default set, some with long titles. */
const EXTRA_TASKS = [
	['cooking', '🧅', 'Émincer les oignons', 'Slice the onions'],
	['cooking', '🥔', 'Éplucher les pommes de terre pour la purée', 'Peel the potatoes for the mash'],
	['cooking', '🍋', 'Presser les citrons', 'Squeeze the lemons'],
	['cooking', '🌿', 'Laver et hacher les herbes fraîches', 'Wash and chop the fresh herbs'],
	['cooking', '🍞', 'Trancher le pain et le mettre dans les corbeilles', 'Slice the bread into the baskets'],
	['table', '🧂', 'Remplir le sel et le poivre', 'Fill the salt and pepper'],
	['table', '🌼', 'Mettre des fleurs sur les tables', 'Put flowers on the tables'],
	['table', '🫖', 'Préparer le thé et le café', 'Make the tea and coffee'],
	['welcome', '📝', 'Noter les allergies des nouvelles personnes', 'Note the allergies of new people'],
	['welcome', '🧒', 'Installer le coin des enfants', 'Set up the children’s corner'],
	['dishes', '🫧', 'Laver les grandes marmites', 'Wash the big pots'],
	['dishes', '🧴', 'Nettoyer les plans de travail', 'Wipe the worktops'],
	['other', '🗑️', 'Sortir les poubelles', 'Take out the bins'],
	['other', '🪑', 'Ranger les chaises et les tables', 'Put away the chairs and tables'],
	['other', '🧺', 'Laver les torchons', 'Wash the tea towels'],
	['other', '🔑', 'Fermer la salle et rendre les clés', 'Lock up and return the keys']
] as const;

function tasksFor(count: number) {
	const all = [
		...DEFAULT_TEMPLATES.map((t) => ({ kind: t.kind, title: t.title, slots: t.slots, icon: t.icon })),
		...EXTRA_TASKS.map(([kind, icon, fr, en], i) => ({ kind, icon, title: { fr, en }, slots: 1 + (i % 3) }))
	];
	return all.slice(0, count);
}

const PROMPT = {
	fr: 'Quel plat de votre enfance aimeriez-vous cuisiner ici un jour, et avec qui ?',
	en: 'Which dish from your childhood would you like to cook here one day, and with whom?'
};

interface Layout {
	pages: number;
	/** Task ids seen on any page. */
	seen: string[];
	problems: string[];
}

/** Every page of tasks: each card inside the task area, the viewport, and not clipped inside. */
async function measurePages(page: Page, onPage: () => Promise<void>): Promise<Layout> {
	const pager = page.getByTestId('screen-pager');
	const pages = (await pager.count()) > 0 ? Number(await pager.getAttribute('data-pages')) : 1;
	const seen = new Set<string>();
	const visited = new Set<number>();
	const problems: string[] = [];
	for (let i = 0; i < pages; i++) {
		const p = pages > 1 ? Number(await pager.getAttribute('data-page')) : 1;
		visited.add(p);
		const result = await page.evaluate(() => {
			const area = document.querySelector('[data-testid=screen-tasks] > div')!.getBoundingClientRect();
			const out: { ids: string[]; problems: string[] } = { ids: [], problems: [] };
			const cards = [...document.querySelectorAll<HTMLElement>('[data-testid=screen-task]')].filter(
				(el) => !el.closest('[inert]')
			);
			const inside = (r: DOMRect, box: { left: number; top: number; right: number; bottom: number }) =>
				r.left >= box.left - 0.5 &&
				r.top >= box.top - 0.5 &&
				r.right <= box.right + 0.5 &&
				r.bottom <= box.bottom + 0.5;
			const viewport = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
			for (const card of cards) {
				const id = card.dataset.taskId!;
				out.ids.push(id);
				const r = card.getBoundingClientRect();
				if (!inside(r, area)) out.problems.push(`${id} outside the task area`);
				if (!inside(r, viewport)) out.problems.push(`${id} outside the viewport`);
				if (card.scrollHeight > card.clientHeight + 1) out.problems.push(`${id} clipped inside its card`);
				for (const child of card.querySelectorAll('p, span')) {
					if (!inside(child.getBoundingClientRect(), r)) out.problems.push(`${id}: text outside its card`);
				}
			}
			return out;
		});
		result.ids.forEach((id) => seen.add(id));
		result.problems.push(...(await clipped(page)));
		await onPage();
		problems.push(...result.problems.map((problem) => `page ${p}: ${problem}`));
		if (pages > 1) {
			// A key turns the page and restarts the page timer, so the screen does not turn on its own meanwhile.
			await page.keyboard.press('ArrowRight');
			await page.waitForFunction(
				(n) => document.querySelector('[data-testid=screen-pager]')?.getAttribute('data-page') === String(n),
				(p % pages) + 1
			);
		}
	}
	return { pages: visited.size, seen: [...seen], problems };
}

/**
 * Everything the screen draws, not only tasks: each text, picture and list item inside the
 * viewport and inside every box up the tree that would clip it (the hidden measuring copy
 * of the tasks left out).
 */
async function clipped(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const main = document.querySelector('main')!;
		for (const el of main.querySelectorAll<Element>('h1, h2, p, li, svg, [data-testid]')) {
			if (el.closest('[inert]') || el.closest('.sr-only')) continue;
			const r = el.getBoundingClientRect();
			if (r.width === 0 && r.height === 0) continue;
			const label = `${el.tagName.toLowerCase()} “${(el.textContent ?? '').trim().slice(0, 30)}”`;
			if (r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) {
				problems.push(`${label} outside the viewport`);
				continue;
			}
			for (let box = el.parentElement; box && box !== main.parentElement; box = box.parentElement) {
				if (getComputedStyle(box).overflow === 'visible') continue;
				const b = box.getBoundingClientRect();
				if (r.left < b.left - 0.5 || r.top < b.top - 0.5 || r.right > b.right + 0.5 || r.bottom > b.bottom + 0.5) {
					problems.push(`${label} clipped by its container`);
					break;
				}
			}
		}
		return problems;
	});
}

/** Computed size and WCAG contrast (against the first opaque background up the tree). */
interface Looks {
	size: number;
	contrast: number;
}

async function looks(page: Page, selector: string): Promise<Looks[]> {
	return page.evaluate((sel) => {
		const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
		const lum = ([r, g, b]: number[]) => {
			const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
			return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
		};
		const background = (el: Element | null): number[] => {
			for (let e = el; e; e = e.parentElement) {
				const c = rgb(getComputedStyle(e).backgroundColor);
				if (c.length === 3 || (c.length === 4 && c[3]! > 0.99)) return c;
			}
			return [255, 255, 255];
		};
		return [...document.querySelectorAll(sel)]
			.filter((el) => !el.closest('[inert]'))
			.map((el) => {
				const style = getComputedStyle(el);
				const a = lum(rgb(style.color));
				const b = lum(background(el));
				return {
					size: parseFloat(style.fontSize),
					contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
				};
			});
	}, selector);
}

describe('the kitchen screen across the room', async () => {
	const server: TestServer = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 1000, perSecond: 100 }
	});
	const storage = server.tablee.storage;

	/** Today's lunch at noon with the demo's menu and `count` tasks, in `status`. */
	const mealWith = ({ count, status }: { count: number; status: MealStatus }) =>
		createMeal(storage, {
			canteenId: DEMO_CANTEEN_ID,
			title: 'Déjeuner du jeudi',
			date: new Date().toISOString().slice(0, 10),
			time: '12:00',
			status,
			plan: DEMO_PLAN,
			tasks: tasksFor(count)
		});

	async function ok(conn: BoardConnection, ...args: Parameters<BoardConnection['send']>) {
		const ack = await conn.send(...args);
		if (!ack.ok) throw new Error(`${args[0]}: ${ack.code}`);
		return ack;
	}

	const SCENES: Partial<Record<MealStatus, string>> = { open: 'board', cooking: 'board', eating: 'eating' };
	const STAGE_LABELS: Partial<Record<MealStatus, string>> = { open: 'Ouvert', cooking: 'En cuisine' };

	async function stage(master: BoardConnection, status: MealStatus, screens: Page[]) {
		await ok(master, 'meal:status', { status });
		for (const screen of screens) {
			await screen.locator(`[data-scene=${SCENES[status] ?? status}]`).waitFor();
			const label = STAGE_LABELS[status];
			if (label) await screen.locator('header').getByText(label, { exact: true }).waitFor();
		}
	}

	for (const count of [5, 14, 30]) {
		it(`shows ${count} tasks through every stage at 1920×1080 and 1280×720`, async () => {
			const created = await mealWith({ count, status: 'planned' });
			const mealId = created.meal.id;
			const url = `${server.url}/screen/${mealId}#key=${created.screenKey}`;
			const tv = await open({ viewport: TV });
			const projector = await open({ viewport: PROJECTOR });
			const screens = [tv, projector];
			for (const screen of screens) await screen.goto(url);
			const shot = (screen: Page, name: string) =>
				screen.screenshot({ path: join(shots, `kitchen-${count}-${name}-${screen === tv ? '1080' : '720'}.png`) });

			// Planned: when it opens; no code to join yet.
			for (const screen of screens) {
				await screen.getByTestId('screen-planned').getByText('Ouverture à 12:00').waitFor();
				expect(await screen.getByTestId('join-qr').count()).toBe(0);
				expect(await clipped(screen)).toEqual([]);
				await shot(screen, 'planned');
			}

			const master = await connect(server.url, { role: 'master', mealId, key: created.masterKey });
			await stage(master, 'open', screens);
			const people = [
				['Awa', '🍅'],
				['Bruno', '🥖'],
				['Chloé', '🌻'],
				['Dev', '🐢']
			] as const;
			const members = [];
			for (const [name, emoji] of people) {
				const joined = await joinMember(server.url, created.meal.joinCode, name, emoji);
				members.push(await connect(server.url, { role: 'member', mealId, token: joined.token }));
			}
			// Claims on the first tasks (the second one full), two tasks done, the prompt up.
			const tasks = [...master.state.tasks.values()].sort((a, b) => a.order - b.order);
			// The first two full (1 and 3 places), the fourth with one place left.
			for (const member of members.slice(0, 3)) await ok(member, 'task:claim', { taskId: tasks[1]!.id });
			await ok(members[3]!, 'task:claim', { taskId: tasks[0]!.id });
			await ok(members[0]!, 'task:claim', { taskId: tasks[3]!.id });
			await ok(master, 'task:done', { taskId: tasks[2]!.id });
			await ok(master, 'task:done', { taskId: tasks[4]!.id });
			await ok(master, 'prompt:push', { text: PROMPT });

			for (const status of ['open', 'cooking'] as const) {
				if (status === 'cooking') await stage(master, 'cooking', screens);
				for (const screen of screens) {
					await screen.getByTestId('screen-prompt').getByText(PROMPT.en).waitFor();
					await screen.getByTestId('screen-code').waitFor();
					await screen.getByText('🍅 Awa').first().waitFor();
					const scale = screen === tv ? 1 : PROJECTOR.height / TV.height;
					const titles: Looks[] = [];
					const free: Looks[] = [];
					const names: Looks[] = [];
					const layout = await measurePages(screen, async () => {
						titles.push(...(await looks(screen, '[data-testid=screen-task]:not(.done) [lang]')));
						free.push(...(await looks(screen, '[data-testid=screen-free]')));
						names.push(...(await looks(screen, '[data-testid=screen-names]')));
					});
					expect(layout.problems).toEqual([]);
					expect(layout.seen.sort()).toEqual(tasks.map((t) => t.id).sort());
					if (count >= 14) expect(layout.pages).toBeGreaterThan(1);
					await shot(screen, status);

					expect(titles.length).toBeGreaterThan(0);
					expect(free.length).toBeGreaterThan(0);
					expect(names.length).toBeGreaterThan(0);
					for (const title of titles) expect(title.size).toBeGreaterThanOrEqual(48 * scale - 0.01);
					for (const tag of free) expect(tag.size).toBeGreaterThanOrEqual(48 * scale - 0.01);
					for (const name of names) expect(name.size).toBeGreaterThanOrEqual(32 * scale - 0.01);
					for (const text of [...titles, ...free, ...names]) expect(text.contrast).toBeGreaterThanOrEqual(7);
					// Nobody said which language their phone speaks: both, neither smaller.
					const sizes = await screen.evaluate(() =>
						[...document.querySelectorAll('[data-testid=screen-prompt] [lang]')].map((el) =>
							parseFloat(getComputedStyle(el).fontSize)
						)
					);
					expect(sizes).toHaveLength(2);
					expect(sizes[0]).toBe(sizes[1]);
				}
			}

			// Eating: the prompt large, the menu with its allergens, no task list.
			await stage(master, 'eating', screens);
			for (const screen of screens) {
				await screen.locator('[data-scene=eating]').waitFor();
				await screen.getByTestId('screen-menu').getByText('Allergènes : Moutarde').waitFor();
				await shot(screen, 'eating');
				expect(await screen.getByTestId('screen-tasks').count()).toBe(0);
				expect(await clipped(screen)).toEqual([]);
				for (const id of ['screen-prompt', 'screen-menu', 'screen-guide']) {
					const box = (await screen.getByTestId(id).boundingBox())!;
					const viewport = screen.viewportSize()!;
					expect(box.y + box.height, id).toBeLessThanOrEqual(viewport.height);
					expect(box.x + box.width, id).toBeLessThanOrEqual(viewport.width);
				}
			}

			// Closed: a thank-you; no code, no QR, no free places, no prompt.
			await stage(master, 'closed', screens);
			for (const screen of screens) {
				await screen.getByTestId('screen-thanks').getByText('Merci à toutes et à tous !').waitFor();
				for (const id of ['screen-code', 'join-qr', 'screen-prompt', 'screen-free', 'screen-free-total']) {
					expect(await screen.getByTestId(id).count(), id).toBe(0);
				}
				expect(await screen.locator('main').textContent()).not.toContain('places libres');
				expect(await clipped(screen)).toEqual([]);
				await shot(screen, 'closed');
			}
			for (const conn of [master, ...members]) conn.close();
			for (const screen of screens) await screen.close();
		});
	}

	it('scales to a 4K TV, and shows one language when every phone at the table speaks it', async () => {
		const created = await mealWith({ count: 14, status: 'open' });
		const mealId = created.meal.id;
		const joined = await joinMember(server.url, created.meal.joinCode, 'Awa', '🍅');
		const awa = await connect(server.url, { role: 'member', mealId, token: joined.token });
		await ok(awa, 'member:locale', { locale: 'fr' });
		const master = await connect(server.url, { role: 'master', mealId, key: created.masterKey });
		await ok(master, 'prompt:push', { text: PROMPT });

		const uhd = await open({ viewport: { width: 3840, height: 2160 } });
		await uhd.goto(`${server.url}/screen/${mealId}#key=${created.screenKey}`);
		await uhd.getByTestId('screen-prompt').getByText(PROMPT.fr).waitFor();
		expect(await uhd.getByTestId('screen-prompt').locator('[lang=en]').count()).toBe(0);
		const titles: Looks[] = [];
		const layout = await measurePages(uhd, async () => {
			titles.push(...(await looks(uhd, '[data-testid=screen-task]:not(.done) [lang]')));
			expect(await uhd.locator('[data-testid=screen-task] [lang=en]').count()).toBe(0);
		});
		expect(layout.problems).toEqual([]);
		expect(layout.seen).toHaveLength(14);
		// The same layout as at 1080p, twice the pixels: titles 96 px.
		for (const title of titles) expect(title.size).toBeCloseTo(96, 0);
		for (const conn of [awa, master]) conn.close();
		await uhd.close();
	});

	it('fits the widest join code in its panel at both sizes', async () => {
		const created = await mealWith({ count: 5, status: 'open' });
		const mealId = created.meal.id;
		// Rotated to six of the alphabet's widest letters, issued now, so it is the one shown.
		expect(
			await storage.meals.rotateJoinCode({ mealId, expected: created.meal.joinCode, next: 'WWWMWW', now: Date.now() })
		).toEqual({ ok: true });
		for (const viewport of [TV, PROJECTOR]) {
			const screen = await open({ viewport });
			await screen.goto(`${server.url}/screen/${mealId}#key=${created.screenKey}`);
			await screen.getByTestId('screen-code').getByText('WWWMWW').waitFor();
			expect(await clipped(screen)).toEqual([]);
			await screen.close();
		}
	});
});
