/**
 * Summarises a V8 CPU profile written by the Tablée bench server (BENCH_PROFILE=<dir>
 * npx tsx bench/run.ts): self time grouped by where the code lives, then the top
 * functions. Usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top].
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

function area(url: string, name: string): string {
	if (!url) return name.startsWith('(') ? name : '(native / V8 builtins)';
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (pkg) return `npm: ${pkg[1]}`;
	if (url.startsWith('node:')) return 'node: core';
	const own = /\/(server|src\/lib|bench)\/([^/]+)/.exec(url);
	if (own) return `tablee: ${own[1]}/${own[2]}`;
	return url;
}

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
	const id = profile.samples[i]!;
	self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...self.values()].reduce((s, v) => s + v, 0);
const areas = new Map<string, number>();
const fns = new Map<string, number>();
for (const [id, us] of self) {
	const n = byId.get(id)!;
	const a = area(n.callFrame.url, n.callFrame.functionName);
	areas.set(a, (areas.get(a) ?? 0) + us);
	const f = `${n.callFrame.functionName || '(anonymous)'}  ${a}:${n.callFrame.lineNumber + 1}`;
	fns.set(f, (fns.get(f) ?? 0) + us);
}
const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
console.log('\nself time by area');
for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${pct(us)}  ${a}`);
console.log('\nself time by function');
for (const [f, us] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${pct(us)}  ${f}`);
