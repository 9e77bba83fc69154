/**
 * Keeps a kitchen screen lit all day with no one touching it. The browser drops a wake
 * lock whenever the page is hidden (another tab, the TV's own menu), so it is asked for
 * again each time the page becomes visible. Where the API is missing or refused (an old
 * browser, no permission), the screen simply behaves like any page.
 */
export function keepScreenAwake(): () => void {
	let sentinel: WakeLockSentinel | undefined;
	let stopped = false;

	async function request() {
		if (stopped || document.visibilityState !== 'visible' || !('wakeLock' in navigator)) return;
		if (sentinel && !sentinel.released) return;
		try {
			const next = await navigator.wakeLock.request('screen');
			if (stopped) void next.release();
			else sentinel = next;
		} catch {
			// Refused (battery saver, no permission): nothing else to do from a page.
		}
	}

	const onVisibility = () => void request();
	document.addEventListener('visibilitychange', onVisibility);
	void request();
	return () => {
		stopped = true;
		document.removeEventListener('visibilitychange', onVisibility);
		void sentinel?.release().catch(() => undefined);
	};
}
