/** Short-lived messages, announced through one aria-live region in the layout. */
export interface Toast {
	id: number;
	text: string;
	tone: 'info' | 'error';
}

let nextId = 0;
let list = $state.raw<Toast[]>([]);

export const toasts = {
	get list(): Toast[] {
		return list;
	},
	show(text: string, tone: Toast['tone'] = 'info'): void {
		const id = ++nextId;
		// Keep the last three: a burst of refusals should not bury the board.
		list = [...list.slice(-2), { id, text, tone }];
		setTimeout(() => toasts.dismiss(id), tone === 'error' ? 6000 : 3500);
	},
	dismiss(id: number): void {
		list = list.filter((toast) => toast.id !== id);
	}
};
