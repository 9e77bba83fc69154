/**
 * The team form on the staff canteen page: whom to take off, and whether the person
 * confirmed (the first submit only asks; `confirm=yes` removes). Messages are i18n keys.
 */
import * as v from 'valibot';
import type { MessageKey } from '../i18n/fr.ts';

const msg = (key: MessageKey) => key;

export const removeMemberForm = v.object(
	{
		person: v.pipe(v.string(msg('auth.badForm')), v.regex(/^[A-Za-z0-9_-]{1,64}$/, msg('team.notFound'))),
		confirm: v.optional(v.picklist(['yes'], msg('auth.badForm')))
	},
	msg('auth.badForm')
);

export function readRemoveMember(
	data: FormData
): { ok: true; person: string; confirmed: boolean } | { ok: false; error: MessageKey } {
	const confirm = data.get('confirm');
	const parsed = v.safeParse(removeMemberForm, {
		person: data.get('person') ?? undefined,
		confirm: confirm === null ? undefined : confirm
	});
	if (!parsed.success) return { ok: false, error: parsed.issues[0].message as MessageKey };
	return { ok: true, person: parsed.output.person, confirmed: parsed.output.confirm === 'yes' };
}
