/**
 * Shrinks what is inside a box until it fits: a Svelte action that sets `--k` (1 at most,
 * 0.5 at least) on the box, for sizes written as `calc(var(--k, 1) * N * var(--u))`. The
 * menu and the prompt are whatever the Canteen Master typed, so they cannot be sized in
 * advance; they are made as large as the room left allows instead, and never cut off.
 */
const MIN_SCALE = 0.5;

export function fit(node: HTMLElement): { destroy(): void } {
	let frame = 0;
	const fits = (k: number) => {
		node.style.setProperty('--k', String(k));
		return node.scrollHeight <= node.clientHeight;
	};
	// Text wraps differently at each size, so the largest scale that fits is searched for.
	const adjust = () => {
		if (node.clientHeight === 0 || fits(1)) return;
		let low = MIN_SCALE;
		let high = 1;
		for (let i = 0; i < 7; i++) {
			const mid = (low + high) / 2;
			if (fits(mid)) low = mid;
			else high = mid;
		}
		fits(low);
	};
	const schedule = () => {
		cancelAnimationFrame(frame);
		frame = requestAnimationFrame(adjust);
	};
	const resize = new ResizeObserver(schedule);
	resize.observe(node);
	const mutations = new MutationObserver(schedule);
	mutations.observe(node, { childList: true, subtree: true, characterData: true });
	adjust();
	return {
		destroy() {
			cancelAnimationFrame(frame);
			resize.disconnect();
			mutations.disconnect();
		}
	};
}
