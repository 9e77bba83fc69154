/**
 * The phone's Yjs has no text or XML types (vite.config.ts, `yjsMapsAndArrays`): an update
 * holding one would throw on the phone instead of being read. So the documents the server
 * sends must hold only maps of plain values, and the code must never make a Y.Text or a
 * Y.Xml* type. Checked on real documents, after a board has been through most commands,
 * and on the code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { joinMember, masterConnection, memberConnection, startServer, tasksOf } from './helpers/server.ts';

const root = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return /\.(ts|svelte)$/.test(name) && !/\.spec\.ts$/.test(name) ? [path] : [];
	});
}

/** The content kinds of every item in a document: what a phone's Yjs has to decode. */
function contentKinds(doc: Y.Doc): Set<string> {
	const { structs } = Y.decodeUpdate(Y.encodeStateAsUpdate(doc));
	return new Set(structs.flatMap((s) => (s instanceof Y.Item ? [s.content.constructor.name] : [])));
}

describe('board documents hold maps of plain values only', async () => {
	const server = await startServer({ joinRate: { burst: 1000, perSecond: 100 } });

	it('after claims, check-ins, renames, prompts and new tasks, on a phone and on the console', async () => {
		const master = await masterConnection(server);
		const a = await memberConnection(server, 'Anouk');
		const b = await memberConnection(server, 'Basile');
		await joinMember(server.url, server.demo.meal.joinCode, 'Chérif');
		const task = tasksOf(a.conn).find((t) => t.status === 'open' && t.claims.length < t.slots)!;
		expect(await a.conn.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
		expect(await b.conn.send('member:rename', { name: 'Basile R.' })).toEqual({ ok: true });
		expect(await b.conn.send('member:checkout', {})).toEqual({ ok: true });
		expect(await master.send('prompt:push', { promptId: 'fm-001' })).toMatchObject({ ok: true });
		expect(await master.send('prompt:push', { promptId: 'fm-001', to: a.memberId })).toMatchObject({ ok: true });
		const added = await master.send('task:add', { kind: 'table', title: { fr: 'Plier les serviettes' }, slots: 1 });
		expect(added).toMatchObject({ ok: true });
		expect(await a.conn.send('task:release', { taskId: task.id })).toEqual({ ok: true });
		// Every change reached the phone and the console.
		await vi.waitFor(() => {
			for (const conn of [a.conn, master]) expect(conn.state.tasks.get(task.id)?.claims).toEqual([]);
		});
		for (const doc of [a.conn.doc, master.doc, master.masters]) {
			expect([...doc.share.keys()].length).toBeGreaterThan(0);
			// Values (JSON) and deletions: no Y.Text content, format, embed, nested type or sub-document.
			for (const kind of contentKinds(doc)) expect(['ContentAny', 'ContentDeleted']).toContain(kind);
		}
	});

	it('no code makes a text or XML type', () => {
		const pattern = /\bY\.(Text|XmlElement|XmlFragment|XmlText|XmlHook)\b|\.getText\(|\.getXml(Element|Fragment)\(/;
		const offenders = [...sources(join(root, 'src')), ...sources(join(root, 'server'))].filter((file) =>
			pattern.test(readFileSync(file, 'utf8'))
		);
		expect(offenders).toEqual([]);
	});
});
