import { describe, expect, it } from 'vitest';
import { commandPipeline, type CommandCall, type CommandHooks } from './hooks.ts';

const call: CommandCall = {
	name: 'prompt:push',
	mealId: 'meal1',
	actor: { role: 'master' },
	payload: { text: { fr: 'Bonjour', en: '' } },
	now: 1
};

describe('the command pipeline', () => {
	it('chains validations, each seeing the last one’s payload, and stops at the first refusal', () => {
		const seen: unknown[] = [];
		const upper: CommandHooks = {
			name: 'upper',
			validate: (_name, payload) => ({ ok: true, payload: { ...payload, upper: true } })
		};
		const check: CommandHooks = {
			name: 'check',
			validate: (_name, payload) => {
				seen.push(payload);
				return payload.refuse ? { ok: false, issues: ['refused'] } : { ok: true, payload };
			}
		};
		const never: CommandHooks = {
			name: 'never',
			validate: () => {
				throw new Error('ran after a refusal');
			}
		};
		expect(commandPipeline([upper, check]).validate('prompt:push', { a: 1 })).toEqual({
			ok: true,
			payload: { a: 1, upper: true }
		});
		expect(seen).toEqual([{ a: 1, upper: true }]);
		expect(commandPipeline([check, never]).validate('prompt:push', { refuse: true })).toEqual({
			ok: false,
			issues: ['refused']
		});
		expect(commandPipeline([]).validate('prompt:push', { a: 1 })).toEqual({ ok: true, payload: { a: 1 } });
	});

	it('merges what every hook loads before decide, all at once', async () => {
		let running = 0;
		let most = 0;
		const slow = (extra: object): CommandHooks => ({
			name: 'slow',
			async beforeDecide() {
				most = Math.max(most, ++running);
				await Promise.resolve();
				running--;
				return extra;
			}
		});
		const extras = await commandPipeline([
			slow({ refusedWords: ['chou'] }),
			{ name: 'none' },
			slow({ ownPrompt: { id: 'p1', text: { fr: 'Salut', en: '' }, archived: false } })
		]).beforeDecide(call);
		expect(extras).toEqual({
			refusedWords: ['chou'],
			ownPrompt: { id: 'p1', text: { fr: 'Salut', en: '' }, archived: false }
		});
		expect(most).toBe(2);
	});

	it('runs the after hooks in list order on the growing result, and a refusal ends the chain', async () => {
		const order: string[] = [];
		const add = (key: string): CommandHooks => ({
			name: key,
			async afterDecide(received, result) {
				expect(received).toBe(call);
				order.push(key);
				return { ok: true, result: { ...result, [key]: Object.keys(result).length } };
			}
		});
		const refuse: CommandHooks = {
			name: 'refuse',
			async afterDecide() {
				order.push('refuse');
				return { ok: false, code: 'too_many_screen_links' };
			}
		};
		expect(await commandPipeline([add('a'), add('b')]).afterDecide(call, { id: 'x' })).toEqual({
			ok: true,
			result: { id: 'x', a: 1, b: 2 }
		});
		order.length = 0;
		expect(await commandPipeline([add('a'), refuse, add('c')]).afterDecide(call, {})).toEqual({
			ok: false,
			code: 'too_many_screen_links'
		});
		expect(order).toEqual(['a', 'refuse']);
	});
});
