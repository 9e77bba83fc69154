/**
 * Waits for `promise` to settle, or for `ms`, whichever comes first; true when it settled
 * in time. For shutdown, where a wait on something outside the process must have an end.
 * The timer does not keep the process alive and is cleared as soon as it is not needed.
 */
export async function settlesWithin({ promise, ms }: { promise: Promise<unknown>; ms: number }): Promise<boolean> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<false>((resolve) => {
		timer = setTimeout(() => resolve(false), ms);
		timer.unref?.();
	});
	try {
		return await Promise.race([
			promise.then(
				() => true,
				() => true
			),
			late
		]);
	} finally {
		clearTimeout(timer);
	}
}
