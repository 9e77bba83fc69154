/**
 * Valibot schemas for every staff form. Issue messages are i18n keys, so an action can
 * answer `fail(400, { error })` and the page shows that message in the person's language.
 */
import * as v from 'valibot';
import { fr, type MessageKey } from '../i18n/fr.ts';
import { controlChars, loneSurrogate } from '../protocol/text.ts';
import { displayName } from '../protocol/schemas.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../server/auth/passwords.ts';

const msg = (key: MessageKey) => key;

const text = (key: MessageKey) => v.string(msg(key));

const email = v.pipe(
	text('auth.emailInvalid'),
	v.trim(),
	v.toLowerCase(),
	v.maxLength(254, msg('auth.emailInvalid')),
	v.email(msg('auth.emailInvalid'))
);

const name = v.pipe(
	text('auth.nameInvalid'),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const parsed = v.safeParse(displayName, dataset.value);
		if (parsed.success) return parsed.output;
		addIssue({ message: msg('auth.nameInvalid') });
		return NEVER;
	})
);

const newPassword = v.pipe(
	text('auth.passwordShort'),
	v.minLength(PASSWORD_MIN_LENGTH, msg('auth.passwordShort')),
	v.maxLength(PASSWORD_MAX_LENGTH, msg('auth.passwordLong'))
);

const secret = v.pipe(text('auth.linkInvalid'), v.regex(/^[A-Za-z0-9_-]{16,128}$/, msg('auth.linkInvalid')));

const confirmed = <T extends { password: string; confirm: string }>() =>
	v.check<T, MessageKey>((f) => f.password === f.confirm, msg('auth.passwordMismatch'));

export const setupForm = v.pipe(
	v.object(
		{ token: secret, email, name, password: newPassword, confirm: v.string(msg('auth.passwordMismatch')) },
		msg('auth.badForm')
	),
	confirmed()
);

export const inviteForm = setupForm;

export const loginForm = v.object(
	{
		email: v.pipe(text('auth.loginFailed'), v.trim(), v.maxLength(254, msg('auth.loginFailed'))),
		password: v.pipe(
			text('auth.loginFailed'),
			v.minLength(1, msg('auth.loginFailed')),
			v.maxLength(PASSWORD_MAX_LENGTH, msg('auth.loginFailed'))
		)
	},
	msg('auth.badForm')
);

export const passwordForm = v.pipe(
	v.object(
		{
			current: text('auth.currentWrong'),
			password: newPassword,
			confirm: v.string(msg('auth.passwordMismatch'))
		},
		msg('auth.badForm')
	),
	confirmed()
);

// A missing field is reported with the object's message: the form itself is broken.
export const canteenForm = v.object(
	{
		name: v.pipe(
			text('admin.canteenNameInvalid'),
			v.transform((s) => s.replace(/\s+/g, ' ').trim()),
			v.minLength(1, msg('admin.canteenNameInvalid')),
			v.maxLength(80, msg('admin.canteenNameInvalid')),
			v.check((s) => !controlChars.test(s) && !loneSurrogate.test(s), msg('admin.canteenNameInvalid'))
		)
	},
	msg('auth.badForm')
);

export const invitationForm = v.object(
	{
		canteenId: v.pipe(text('admin.canteenUnknown'), v.regex(/^[A-Za-z0-9_-]{1,40}$/, msg('admin.canteenUnknown')))
	},
	msg('auth.badForm')
);

/** Parses a submitted form; on failure, the first issue's message key. */
export async function parseForm<S extends v.GenericSchema>(
	request: Request,
	schema: S
): Promise<{ ok: true; value: v.InferOutput<S> } | { ok: false; error: MessageKey }> {
	let data: FormData;
	try {
		data = await request.formData();
	} catch {
		return { ok: false, error: 'auth.badForm' };
	}
	const fields: Record<string, unknown> = {};
	// Files are not text: leaving them out makes the schema answer "missing" for that field.
	for (const [key, value] of data) if (typeof value === 'string') fields[key] = value;
	const parsed = v.safeParse(schema, fields);
	if (parsed.success) return { ok: true, value: parsed.output };
	// Only a translation key may reach the page: a message valibot wrote itself (a missing
	// key on a schema without its own message, say) becomes "the form is broken".
	const message = parsed.issues[0]?.message;
	return {
		ok: false,
		error: message !== undefined && Object.hasOwn(fr, message) ? (message as MessageKey) : 'auth.badForm'
	};
}
