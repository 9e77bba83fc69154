/**
 * The partner-links staff form, parsed with messages for people; the operation
 * (server/partners/links.ts) parses again with its own rules. `also` may repeat (one
 * checkbox per other canteen), so this reads every value rather than the last.
 */
import * as v from 'valibot';
import type { MessageKey } from '../i18n/fr.ts';
import { EXPIRY_DAYS_MAX, LABEL_MAX } from '../../../server/partners/links.ts';
import { singleLine } from '../protocol/text.ts';

const msg = (key: MessageKey) => key;

const label = v.pipe(
	v.string(msg('partnerLinks.labelInvalid')),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const parsed = v.safeParse(singleLine({ what: 'label', max: LABEL_MAX }), dataset.value);
		if (parsed.success) return parsed.output;
		addIssue({ message: msg('partnerLinks.labelInvalid') });
		return NEVER;
	})
);

const expiresInDays = v.pipe(
	v.string(msg('partnerLinks.expiresInvalid')),
	v.trim(),
	v.check((s) => s === '' || /^[0-9]{1,3}$/.test(s), msg('partnerLinks.expiresInvalid')),
	v.transform((s) => (s === '' ? undefined : Number(s))),
	v.check((n) => n === undefined || (n >= 1 && n <= EXPIRY_DAYS_MAX), msg('partnerLinks.expiresInvalid'))
);

const canteenId = v.pipe(
	v.string(msg('partnerLinks.canteenInvalid')),
	v.regex(/^[A-Za-z0-9_-]{1,64}$/, msg('partnerLinks.canteenInvalid'))
);

const createForm = v.object(
	{
		label,
		expiresInDays,
		also: v.pipe(v.array(canteenId), v.maxLength(50, msg('partnerLinks.canteenInvalid')))
	},
	msg('auth.badForm')
);

export const revokeForm = v.object(
	{ id: v.pipe(v.string(msg('auth.badForm')), v.regex(/^[a-z0-9_]{1,64}$/, msg('partnerLinks.notFound'))) },
	msg('auth.badForm')
);

type Parsed<S extends v.GenericSchema> = { ok: true; value: v.InferOutput<S> } | { ok: false; error: MessageKey };

function fail(issues: readonly { message: string }[]): { ok: false; error: MessageKey } {
	const message = issues[0]?.message ?? '';
	return { ok: false, error: message.includes('.') ? (message as MessageKey) : 'auth.badForm' };
}

async function formData(request: Request): Promise<FormData | undefined> {
	try {
		return await request.formData();
	} catch {
		return undefined;
	}
}

export async function parseCreateForm(request: Request): Promise<Parsed<typeof createForm>> {
	const data = await formData(request);
	if (!data) return { ok: false, error: 'auth.badForm' };
	const text = (key: string) => {
		const value = data.get(key);
		return typeof value === 'string' ? value : undefined;
	};
	const parsed = v.safeParse(createForm, {
		label: text('label'),
		expiresInDays: text('expiresInDays') ?? '',
		also: data.getAll('also')
	});
	return parsed.success ? { ok: true, value: parsed.output } : fail(parsed.issues);
}

export async function parseRevokeForm(request: Request): Promise<Parsed<typeof revokeForm>> {
	const data = await formData(request);
	if (!data) return { ok: false, error: 'auth.badForm' };
	const parsed = v.safeParse(revokeForm, { id: data.get('id') ?? undefined });
	return parsed.success ? { ok: true, value: parsed.output } : fail(parsed.issues);
}

// Partner webhooks on the same page: add one to a link, delete one.
const linkId = v.pipe(v.string(msg('auth.badForm')), v.regex(/^[a-z0-9_]{1,64}$/, msg('partnerLinks.notFound')));

export const webhookAddForm = v.object(
	{
		linkId,
		url: v.pipe(
			v.string(msg('webhooks.urlInvalid')),
			v.trim(),
			v.minLength(1, msg('webhooks.urlInvalid')),
			v.maxLength(500, msg('webhooks.urlInvalid'))
		)
	},
	msg('auth.badForm')
);

export const webhookDeleteForm = v.object(
	{ linkId, id: v.pipe(v.string(msg('auth.badForm')), v.regex(/^wh_[a-z0-9]{1,40}$/, msg('webhooks.notFound'))) },
	msg('auth.badForm')
);

export async function parseWebhookAddForm(request: Request): Promise<Parsed<typeof webhookAddForm>> {
	const data = await formData(request);
	if (!data) return { ok: false, error: 'auth.badForm' };
	const parsed = v.safeParse(webhookAddForm, {
		linkId: data.get('linkId') ?? undefined,
		url: data.get('url') ?? undefined
	});
	return parsed.success ? { ok: true, value: parsed.output } : fail(parsed.issues);
}

export async function parseWebhookDeleteForm(request: Request): Promise<Parsed<typeof webhookDeleteForm>> {
	const data = await formData(request);
	if (!data) return { ok: false, error: 'auth.badForm' };
	const parsed = v.safeParse(webhookDeleteForm, {
		linkId: data.get('linkId') ?? undefined,
		id: data.get('id') ?? undefined
	});
	return parsed.success ? { ok: true, value: parsed.output } : fail(parsed.issues);
}
