import { error, fail } from '@sveltejs/kit';
import { requireUser } from '$lib/server/guards.ts';
import {
	parseCreateForm,
	parseRevokeForm,
	parseWebhookAddForm,
	parseWebhookDeleteForm
} from '$lib/server/partner-link-forms.ts';
import { getServices } from '$lib/server/services.ts';
import type { MessageKey } from '$lib/i18n/fr.ts';
import type { LinkRefusal } from '../../../../../../../server/partners/links.ts';
import type { Actions, PageServerLoad } from './$types';

/** Who may not is an error page; what was wrong with the form is a message beside it. */
function refused(action: 'create' | 'revoke', reason: LinkRefusal, pageCanteen: boolean) {
	if (reason === 'forbidden' && pageCanteen) error(403, 'Not a canteen you run');
	if (reason === 'canteen_not_found' && pageCanteen) error(404, 'No such canteen');
	const [status, message]: [number, MessageKey] =
		reason === 'link_not_found'
			? [404, 'partnerLinks.notFound']
			: reason === 'bad_input'
				? [400, 'auth.badForm']
				: [403, 'partnerLinks.canteenInvalid'];
	return fail(status, { action, error: message });
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const user = requireUser(locals);
	const listed = await getServices().partnerLinks.list(user, params.canteenId);
	if (!listed.ok) {
		if (listed.reason === 'forbidden') error(403, 'Not a canteen you run');
		error(404, 'No such canteen');
	}
	// Each link's webhooks with their recent deliveries (never a secret).
	const webhooks = getServices().partnerWebhooks;
	const hooks = Object.fromEntries(
		await Promise.all(listed.links.map(async (l) => [l.id, await webhooks.list(l.id)] as const))
	);
	return {
		canteen: { id: listed.canteen.id, name: listed.canteen.name },
		links: listed.links,
		webhooks: hooks,
		others: listed.others.map((c) => ({ id: c.id, name: c.name }))
	};
};

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const links = getServices().partnerLinks;
		// The page's canteen first: someone who does not run it gets the error page, whatever they sent.
		const listed = await links.list(user, params.canteenId);
		if (!listed.ok) return refused('create', listed.reason, true);
		const form = await parseCreateForm(request);
		if (!form.ok) return fail(400, { action: 'create' as const, error: form.error });
		const { label, expiresInDays, also } = form.value;
		const created = await links.create(user, params.canteenId, {
			label,
			alsoCanteenIds: also,
			...(expiresInDays !== undefined ? { expiresInDays } : {})
		});
		if (!created.ok) return refused('create', created.reason, false);
		return {
			action: 'create' as const,
			done: 'partnerLinks.created' as const,
			token: created.token,
			id: created.link.id
		};
	},
	revoke: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const links = getServices().partnerLinks;
		const listed = await links.list(user, params.canteenId);
		if (!listed.ok) return refused('revoke', listed.reason, true);
		const form = await parseRevokeForm(request);
		if (!form.ok) return fail(400, { action: 'revoke' as const, error: form.error });
		const revoked = await links.revoke(user, params.canteenId, form.value.id);
		if (!revoked.ok) return refused('revoke', revoked.reason, false);
		return { action: 'revoke' as const, done: 'partnerLinks.revoked' as const };
	},
	addWebhook: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const listed = await getServices().partnerLinks.list(user, params.canteenId);
		if (!listed.ok) return refused('create', listed.reason, true);
		const form = await parseWebhookAddForm(request);
		if (!form.ok) return fail(400, { action: 'addWebhook' as const, error: form.error });
		const added = await getServices().partnerWebhooks.addByStaff(
			user,
			params.canteenId,
			form.value.linkId,
			form.value.url
		);
		if (!added.ok) {
			const [status, error]: [number, MessageKey] =
				added.code === 'webhook_url_invalid'
					? [400, 'webhooks.urlInvalid']
					: added.code === 'too_many_webhooks'
						? [409, 'webhooks.tooMany']
						: [404, 'partnerLinks.notFound'];
			return fail(status, { action: 'addWebhook' as const, error });
		}
		return {
			action: 'addWebhook' as const,
			done: 'webhooks.created' as const,
			linkId: form.value.linkId,
			webhookId: added.webhook.id,
			secret: added.secret
		};
	},
	deleteWebhook: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const listed = await getServices().partnerLinks.list(user, params.canteenId);
		if (!listed.ok) return refused('revoke', listed.reason, true);
		const form = await parseWebhookDeleteForm(request);
		if (!form.ok) return fail(400, { action: 'deleteWebhook' as const, error: form.error });
		const removed = await getServices().partnerWebhooks.removeByStaff(
			user,
			params.canteenId,
			form.value.linkId,
			form.value.id
		);
		if (!removed.ok) return fail(404, { action: 'deleteWebhook' as const, error: 'webhooks.notFound' as const });
		return { action: 'deleteWebhook' as const, done: 'webhooks.deleted' as const };
	}
};
