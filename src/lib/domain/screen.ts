/**
 * The kitchen screen's rules: what the Canteen Master's remote may set (`screen:show`,
 * `screen:coverage`, roles checked before, in `decide`) and what the screen shows for a
 * stage and a chosen view. Pure, like every rule: the screen component only draws the scene.
 */
import type { AnyCommand } from '../protocol/schemas.ts';
import { isMealLive } from './lifecycle.ts';
import { accept, type Decision } from './result.ts';
import type { BoardState, MealMeta, MealStatus, ScreenSettings, ScreenView } from './types.ts';

/** What a meal without a choice shows: the board as its stage has it, no figure. */
export const DEFAULT_SCREEN: ScreenSettings = { view: 'board' };

export function screenSettings(meta: MealMeta): ScreenSettings {
	return meta.screen ?? DEFAULT_SCREEN;
}

/**
 * The remote works at every stage, closed included: a screen is blanked after the meal as
 * often as during it. Setting what is already set writes nothing and wakes no phone.
 */
export function decideScreen(state: BoardState, command: AnyCommand): Decision | undefined {
	if (!state.meta) return undefined;
	const current = screenSettings(state.meta);
	let next: ScreenSettings;
	switch (command.name) {
		case 'screen:show':
			next = { ...current, view: command.payload.view };
			break;
		case 'screen:coverage': {
			const { coveragePercent: _dropped, ...rest } = current;
			const percent = command.payload.percent;
			next = percent === null ? rest : { ...rest, coveragePercent: percent };
			break;
		}
		default:
			return undefined;
	}
	if (JSON.stringify(next) === JSON.stringify(current)) return accept([]);
	return accept([{ type: 'meta:set', meta: { ...state.meta, screen: next } }]);
}

/**
 * What the screen draws.
 * - `blank`: nothing (the remote's choice), at any stage.
 * - `closed`: a thank-you; no code, no free places, no prompt, whatever the remote said.
 * - `planned`: when it opens; nobody can join yet, so no code.
 * - `prompt`: the icebreaker alone, full-screen (when there is one).
 * - `menu`: the menu with allergens and the pay-as-you-feel guide (when there is a menu).
 * - `eating`: the prompt large and the menu.
 * - `board`: code and QR, tasks, free places, the prompt.
 */
export type ScreenScene = 'blank' | 'closed' | 'planned' | 'prompt' | 'menu' | 'eating' | 'board';

export function screenScene({
	status,
	view,
	hasPrompt,
	hasMenu
}: {
	status: MealStatus;
	view: ScreenView;
	hasPrompt: boolean;
	hasMenu: boolean;
}): ScreenScene {
	if (view === 'blank') return 'blank';
	if (status === 'closed') return 'closed';
	if (view === 'menu' && hasMenu) return 'menu';
	if (status === 'planned') return 'planned';
	if (view === 'prompt' && hasPrompt) return 'prompt';
	if (status === 'eating') return 'eating';
	return 'board';
}

/** The code and QR show only where people can join: a live meal, on a scene with room for them. */
export function sceneShowsJoin({ scene, status }: { scene: ScreenScene; status: MealStatus }): boolean {
	return isMealLive(status) && (scene === 'board' || scene === 'eating' || scene === 'menu');
}
