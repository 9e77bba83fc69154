/**
 * Summarises a V8 CPU profile (the Tablée bench server writes one during the profiled
 * window, see run.ts; `--cpu-prof` files have the same format): self time grouped by
 * where the code lives, then the top functions. As a command:
 * npx tsx bench/profile-summary.ts <file.cpuprofile> [top].
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}
export interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export interface ProfileSummary {
	/** Sampled time, ms; idle time (and the profiler's own `dispatch`) included, see `idlePercent`. */
	totalMs: number;
	idlePercent: number;
	/** Shares of the busy (non-idle) time. */
	areas: { area: string; percent: number }[];
	functions: { name: string; area: string; line: number; percent: number }[];
}

function area(url: string, name: string): string {
	// No script: V8 builtins and native bindings (Node's socket writes, better-sqlite3's statements).
	if (!url) return name.startsWith('(') ? name : '(native: V8, Node bindings, SQLite)';
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (pkg) return `npm: ${pkg[1]}`;
	if (url.startsWith('node:')) return 'node: core';
	const own = /\/(server|src\/lib)\/([^/]+)/.exec(url);
	if (own) return `tablee: ${own[1]}/${own[2]}`;
	return url;
}

export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<number, number>();
	for (let i = 0; i < profile.samples.length; i++) {
		const id = profile.samples[i]!;
		self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
	}
	let total = 0;
	let idle = 0;
	const areas = new Map<string, number>();
	const fns = new Map<string, { name: string; area: string; line: number; us: number }>();
	for (const [id, us] of self) {
		const n = byId.get(id)!;
		total += us;
		// Idle time, and the inspector's own work while it starts and stops the profiler.
		if (n.callFrame.functionName === '(idle)' || (n.callFrame.functionName === 'dispatch' && !n.callFrame.url)) {
			idle += us;
			continue;
		}
		const a = area(n.callFrame.url, n.callFrame.functionName);
		areas.set(a, (areas.get(a) ?? 0) + us);
		const name = n.callFrame.functionName || '(anonymous)';
		const key = `${name} ${a}:${n.callFrame.lineNumber}`;
		const f = fns.get(key) ?? { name, area: a, line: n.callFrame.lineNumber + 1, us: 0 };
		f.us += us;
		fns.set(key, f);
	}
	const busy = Math.max(1, total - idle);
	const pct = (us: number) => Math.round((us / busy) * 1000) / 10;
	return {
		totalMs: Math.round(total / 1000),
		idlePercent: Math.round((idle / Math.max(1, total)) * 1000) / 10,
		areas: [...areas]
			.sort((x, y) => y[1] - x[1])
			.slice(0, top)
			.map(([a, us]) => ({ area: a, percent: pct(us) })),
		functions: [...fns.values()]
			.sort((x, y) => y.us - x.us)
			.slice(0, top)
			.map((f) => ({ name: f.name, area: f.area, line: f.line, percent: pct(f.us) }))
	};
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const file = process.argv[2];
	if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
	const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(process.argv[3] ?? 25));
	console.log(`sampled ${summary.totalMs} ms, ${summary.idlePercent} % idle; shares of the busy time:`);
	console.log('\nself time by area');
	for (const a of summary.areas) console.log(`${a.percent.toFixed(1).padStart(5)} %  ${a.area}`);
	console.log('\nself time by function');
	for (const f of summary.functions)
		console.log(`${f.percent.toFixed(1).padStart(5)} %  ${f.name}  ${f.area}:${f.line}`);
}
