/** The live board of the current page, shared with its components without prop chains. */
import { createContext } from 'svelte';
import type { Board } from './board.svelte.ts';

export const [getBoard, setBoard] = createContext<Board>();
