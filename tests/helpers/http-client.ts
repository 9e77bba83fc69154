/**
 * One browser over plain HTTP for the staff pages' tests: keeps the session cookie it is
 * given, posts forms to SvelteKit actions the way `use:enhance` does (same-origin
 * `Origin`, `x-sveltekit-action`), and reads a page's server data as the client router does.
 */
import * as devalue from 'devalue';

export type ActionResult = { type: string; status: number; location?: string; data?: Record<string, unknown> };

export class HttpClient {
	cookie: string | undefined;
	constructor(
		readonly base: string,
		token?: string
	) {
		if (token) this.cookie = `tablee_session=${token}`;
	}

	async post(
		path: string,
		fields: Record<string, string | string[]> | URLSearchParams,
		origin = this.base
	): Promise<ActionResult> {
		const body = fields instanceof URLSearchParams ? fields : new URLSearchParams();
		if (!(fields instanceof URLSearchParams))
			for (const [key, value] of Object.entries(fields))
				for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
		const res = await fetch(`${this.base}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				...(this.cookie ? { cookie: this.cookie } : {})
			},
			body
		});
		if (!res.headers.get('content-type')?.includes('json')) {
			return { type: 'refused', status: res.status, data: { message: await res.text() } };
		}
		const json = (await res.json()) as ActionResult & { data?: string };
		// An error thrown before or in the action (hooks, guards, error(404)) is a plain { message } body.
		if (!json.type) return { type: 'error', status: res.status, data: json };
		// An error thrown in the action says its status only in the HTTP response.
		return {
			...json,
			status: json.status ?? res.status,
			data: typeof json.data === 'string' ? devalue.parse(json.data) : json.data
		};
	}

	/** A page's server data, as the client router fetches it. */
	async load(path: string): Promise<{ type: string; status?: number; location?: string; text: string }> {
		const res = await fetch(`${this.base}${path}/__data.json`, {
			redirect: 'manual',
			headers: this.cookie ? { cookie: this.cookie } : {}
		});
		const text = await res.text();
		const body = JSON.parse(text) as {
			type: string;
			status?: number;
			location?: string;
			nodes?: ({ type: string; status?: number } | null)[];
		};
		// A load that throws answers 200 with the error in its node, as the client router reads it.
		const failed = body.nodes?.find((n) => n?.type === 'error');
		if (failed) return { type: 'error', status: failed.status ?? 500, text };
		return { type: body.type, status: body.status ?? res.status, location: body.location, text };
	}
}
