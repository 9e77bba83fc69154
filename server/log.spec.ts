import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';

/** A logger writing into an array of parsed JSON lines. */
function capture(level: Parameters<typeof createLogger>[0]) {
	const lines: Record<string, unknown>[] = [];
	const destination = new Writable({
		write(chunk: Buffer, _encoding, done) {
			for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
			done();
		}
	});
	return { log: createLogger(level, { destination }), lines };
}

describe('createLogger', () => {
	it('writes one JSON line per event with its message, level, time and fields', () => {
		const { log, lines } = capture('info');
		log.info('meal loaded', { mealId: 'm1', updates: 3 });
		log.debug('not at info');
		log.error('append failed');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatchObject({ level: 30, msg: 'meal loaded', mealId: 'm1', updates: 3 });
		expect(typeof lines[0]!.time).toBe('string');
		expect(lines[1]).toMatchObject({ level: 50, msg: 'append failed' });
	});

	it('binds fields with child, as a meal logger does', () => {
		const { log, lines } = capture('debug');
		const meal = log.child({ mealId: 'm1' });
		meal.warn('conflict', { seq: 4 });
		meal.child({ memberId: 'u1' }).debug('claim');
		expect(lines).toEqual([
			expect.objectContaining({ mealId: 'm1', seq: 4, msg: 'conflict' }),
			expect.objectContaining({ mealId: 'm1', memberId: 'u1', msg: 'claim' })
		]);
	});

	it('redacts tokens, keys, passwords, names and e-mail addresses, at the top and one level down', () => {
		const { log, lines } = capture('info');
		log.info('joined', {
			token: 'secret-token',
			name: 'Zéphyrine',
			member: { name: 'Zéphyrine', email: 'z@example.org', id: 'u1' },
			masterKey: 'k'.repeat(20)
		});
		log.child({ key: 'screen-key' }).info('screen');
		const text = JSON.stringify(lines);
		for (const secret of ['secret-token', 'Zéphyrine', 'z@example.org', 'kkkkkkkkkk', 'screen-key']) {
			expect(text).not.toContain(secret);
		}
		expect(lines[0]).toMatchObject({ member: { id: 'u1', name: '[redacted]' }, token: '[redacted]' });
	});

	it('writes nothing when silent', () => {
		const { log, lines } = capture('silent');
		log.error('nobody hears this');
		expect(lines).toEqual([]);
	});
});
