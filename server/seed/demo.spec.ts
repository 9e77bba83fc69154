import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../src/lib/domain/templates.ts';
import { emoji } from '../../src/lib/protocol/schemas.ts';
import * as v from 'valibot';
import { DEMO_TASKS } from './demo.ts';

describe('pictograms', () => {
	it('gives every demo task and every default template one emoji, as the phones and the screen show', () => {
		for (const task of [...DEMO_TASKS, ...DEFAULT_TEMPLATES]) {
			expect(task.icon, task.title.fr).toBeTruthy();
			expect(v.is(emoji, task.icon), task.title.fr).toBe(true);
		}
	});
});
