/** The partner API's request bodies and ids (docs/partners-api.md). */
import * as v from 'valibot';
import { WEBHOOK_URL_MAX } from '../partners/webhooks.ts';

/** POST /api/partners/webhooks */
export const webhookCreateBody = v.strictObject({
	url: v.pipe(
		v.string('url must be a string'),
		v.minLength(1, 'url is required'),
		v.maxLength(WEBHOOK_URL_MAX, 'url is too long')
	)
});

/** A webhook id in a path (DELETE /api/partners/webhooks/<id>). */
export const webhookId = v.pipe(v.string(), v.regex(/^wh_[A-Za-z0-9_-]{1,40}$/, 'not a webhook id'));

/** Largest body the partner API reads. */
export const PARTNER_BODY_BYTES = 2048;
