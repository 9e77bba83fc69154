import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addDays,
	isCalendarDate,
	isWallTime,
	MAX_HORIZON_DAYS,
	mealsToCreate,
	occurrences,
	type RecurrenceRule
} from './recurrence.ts';

const rule = (over: Partial<RecurrenceRule> = {}): RecurrenceRule => ({
	weekdays: [2, 4],
	time: '12:15',
	startDate: '2026-01-01',
	...over
});

/** An independent oracle for the ISO weekday of a date: the platform's calendar, in UTC. */
const utcWeekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

describe('calendar dates', () => {
	it('knows which dates exist, leap years included', () => {
		for (const good of ['2026-01-01', '2026-12-31', '2024-02-29', '2000-02-29', '2026-04-30', '0001-01-01']) {
			expect(isCalendarDate(good), good).toBe(true);
		}
		for (const bad of [
			'2025-02-29',
			'1900-02-29',
			'2100-02-29',
			'2026-04-31',
			'2026-13-01',
			'2026-00-10',
			'2026-01-00',
			'2026-01-32',
			'0000-01-01',
			'2026-1-5',
			'26-01-05',
			'2026/01/05',
			' 2026-01-05',
			'2026-01-05T00:00',
			''
		]) {
			expect(isCalendarDate(bad), bad).toBe(false);
		}
	});

	it('knows which wall-clock times exist', () => {
		for (const good of ['00:00', '12:15', '23:59', '09:05']) expect(isWallTime(good), good).toBe(true);
		for (const bad of ['24:00', '12:60', '9:05', '12:5', '12h15', '12:15:00', '']) {
			expect(isWallTime(bad), bad).toBe(false);
		}
	});

	it('adds days across month, year and leap-day boundaries', () => {
		expect(addDays({ date: '2026-01-31', days: 1 })).toBe('2026-02-01');
		expect(addDays({ date: '2026-12-31', days: 1 })).toBe('2027-01-01');
		expect(addDays({ date: '2027-01-01', days: -1 })).toBe('2026-12-31');
		expect(addDays({ date: '2024-02-28', days: 1 })).toBe('2024-02-29');
		expect(addDays({ date: '2025-02-28', days: 1 })).toBe('2025-03-01');
		expect(addDays({ date: '2024-03-01', days: -1 })).toBe('2024-02-29');
		expect(addDays({ date: '2026-03-28', days: 1 })).toBe('2026-03-29');
		expect(addDays({ date: '2026-03-29', days: 1 })).toBe('2026-03-30');
		expect(addDays({ date: '2026-10-25', days: 1 })).toBe('2026-10-26');
		expect(addDays({ date: '2026-01-01', days: 365 })).toBe('2027-01-01');
		expect(addDays({ date: '2024-01-01', days: 366 })).toBe('2025-01-01');
		expect(addDays({ date: '2026-05-05', days: 0 })).toBe('2026-05-05');
	});

	it('refuses bad dates and fractional days as programming errors', () => {
		expect(() => addDays({ date: '2026-02-30', days: 1 })).toThrow(RangeError);
		expect(() => addDays({ date: '2026-02-01', days: 0.5 })).toThrow(RangeError);
		expect(() => occurrences({ rule: rule(), from: 'nope', to: '2026-06-01' })).toThrow(RangeError);
	});

	it('gives ISO weekdays, Monday 1 to Sunday 7, across clock changes and before 1970', () => {
		const weekdayOf = (date: string) =>
			[1, 2, 3, 4, 5, 6, 7].find(
				(w) => occurrences({ rule: rule({ weekdays: [w], startDate: '1969-01-01' }), from: date, to: date }).length
			);
		expect(weekdayOf('2026-03-23')).toBe(1); // Monday
		expect(weekdayOf('2026-03-29')).toBe(7); // Sunday, clocks go forward in France
		expect(weekdayOf('2026-10-25')).toBe(7); // Sunday, clocks go back
		expect(weekdayOf('1970-01-01')).toBe(4);
		expect(weekdayOf('1969-12-31')).toBe(3);
		expect(weekdayOf('2024-02-29')).toBe(4);
	});
});

describe('occurrences', () => {
	it('lists the rule weekdays in range, both ends included, in order', () => {
		// Tuesdays and Thursdays of the first half of June 2026 (June 2 is a Tuesday).
		expect(occurrences({ rule: rule(), from: '2026-06-02', to: '2026-06-11' })).toEqual([
			'2026-06-02',
			'2026-06-04',
			'2026-06-09',
			'2026-06-11'
		]);
	});

	it('is empty for an inverted range or no weekday', () => {
		expect(occurrences({ rule: rule(), from: '2026-06-11', to: '2026-06-02' })).toEqual([]);
		expect(occurrences({ rule: rule({ weekdays: [] }), from: '2026-06-01', to: '2026-06-30' })).toEqual([]);
	});

	it('ignores out-of-range and repeated weekdays', () => {
		const r = rule({ weekdays: [2, 2, 0, 8, 1.5] });
		expect(occurrences({ rule: r, from: '2026-06-01', to: '2026-06-14' })).toEqual(['2026-06-02', '2026-06-09']);
	});

	it('handles every weekday of the week, Sunday as 7', () => {
		const all = occurrences({ rule: rule({ weekdays: [7, 6, 5, 4, 3, 2, 1] }), from: '2026-06-01', to: '2026-06-07' });
		expect(all).toEqual([
			'2026-06-01',
			'2026-06-02',
			'2026-06-03',
			'2026-06-04',
			'2026-06-05',
			'2026-06-06',
			'2026-06-07'
		]);
		expect(all.map(utcWeekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('starts no earlier than the rule and stops at its end date, inclusive', () => {
		const r = rule({ startDate: '2026-06-04', endDate: '2026-06-16' });
		expect(occurrences({ rule: r, from: '2026-05-01', to: '2026-07-31' })).toEqual([
			'2026-06-04',
			'2026-06-09',
			'2026-06-11',
			'2026-06-16'
		]);
	});

	it('gives nothing once the rule has ended or before it starts', () => {
		expect(occurrences({ rule: rule({ endDate: '2026-01-31' }), from: '2026-02-01', to: '2026-03-01' })).toEqual([]);
		expect(occurrences({ rule: rule({ startDate: '2027-01-01' }), from: '2026-02-01', to: '2026-03-01' })).toEqual([]);
	});

	it('leaves out skip dates, and ignores a malformed one', () => {
		// 14 July is a Tuesday in 2026.
		const r = rule({ skipDates: ['2026-07-14', 'not-a-date', '2026-02-30'] });
		expect(occurrences({ rule: r, from: '2026-07-13', to: '2026-07-19' })).toEqual(['2026-07-16']);
	});

	it('keeps the weekly rhythm across the spring and autumn clock changes in France', () => {
		// Sunday brunches: 29 March and 25 October 2026 are the DST switch days.
		const sundays = occurrences({ rule: rule({ weekdays: [7] }), from: '2026-03-15', to: '2026-04-12' });
		expect(sundays).toEqual(['2026-03-15', '2026-03-22', '2026-03-29', '2026-04-05', '2026-04-12']);
		const autumn = occurrences({ rule: rule({ weekdays: [1, 7] }), from: '2026-10-18', to: '2026-11-02' });
		expect(autumn).toEqual(['2026-10-18', '2026-10-19', '2026-10-25', '2026-10-26', '2026-11-01', '2026-11-02']);
	});

	it('crosses year ends and leap days', () => {
		const r = rule({ weekdays: [4] }); // Thursdays
		expect(occurrences({ rule: r, from: '2026-12-20', to: '2027-01-10' })).toEqual([
			'2026-12-24',
			'2026-12-31',
			'2027-01-07'
		]);
		// 29 February 2028 is a Tuesday.
		expect(occurrences({ rule: rule({ weekdays: [2] }), from: '2028-02-20', to: '2028-03-08' })).toEqual([
			'2028-02-22',
			'2028-02-29',
			'2028-03-07'
		]);
	});

	it('counts a year of weekly meals right', () => {
		const r = rule({ weekdays: [1, 2, 3, 4, 5], startDate: '2026-01-01' });
		const dates = occurrences({ rule: r, from: '2026-01-01', to: '2026-12-31' });
		expect(dates).toHaveLength(261); // 2026 has 261 weekdays
		expect(new Set(dates).size).toBe(dates.length);
		expect(dates.every((d) => utcWeekday(d) <= 5)).toBe(true);
	});

	it('throws on malformed bounds rather than guessing', () => {
		expect(() => occurrences({ rule: rule(), from: '2026-02-30', to: '2026-03-10' })).toThrow(RangeError);
		expect(() => occurrences({ rule: rule({ startDate: 'soon' }), from: '2026-02-01', to: '2026-03-10' })).toThrow(
			RangeError
		);
	});

	describe('in a process whose time zone has clock changes', () => {
		const saved = process.env.TZ;
		beforeAll(() => {
			process.env.TZ = 'Europe/Paris';
		});
		afterAll(() => {
			if (saved === undefined) delete process.env.TZ;
			else process.env.TZ = saved;
		});

		it('gives the same dates, since no local time is ever read', () => {
			// Sanity: the process is really in a zone whose offset changes on 29 March.
			expect(new Date(2026, 2, 28, 12).getTimezoneOffset()).not.toBe(new Date(2026, 2, 30, 12).getTimezoneOffset());
			const r = rule({ weekdays: [6, 7] });
			expect(occurrences({ rule: r, from: '2026-03-28', to: '2026-04-05' })).toEqual([
				'2026-03-28',
				'2026-03-29',
				'2026-04-04',
				'2026-04-05'
			]);
			expect(occurrences({ rule: r, from: '2026-10-24', to: '2026-11-01' })).toEqual([
				'2026-10-24',
				'2026-10-25',
				'2026-10-31',
				'2026-11-01'
			]);
			expect(addDays({ date: '2026-10-25', days: 1 })).toBe('2026-10-26');
			expect(addDays({ date: '2026-03-29', days: -1 })).toBe('2026-03-28');
		});
	});
});

describe('mealsToCreate', () => {
	it('plans four weeks ahead, today included', () => {
		// Monday 2026-06-01: Tuesdays and Thursdays through Sunday 28 June.
		expect(mealsToCreate({ rule: rule(), existingDates: [], today: '2026-06-01', horizonDays: 28 })).toEqual([
			'2026-06-02',
			'2026-06-04',
			'2026-06-09',
			'2026-06-11',
			'2026-06-16',
			'2026-06-18',
			'2026-06-23',
			'2026-06-25'
		]);
	});

	it('never creates a meal twice: a second run creates nothing', () => {
		const first = mealsToCreate({ rule: rule(), existingDates: [], today: '2026-06-01', horizonDays: 28 });
		expect(mealsToCreate({ rule: rule(), existingDates: first, today: '2026-06-01', horizonDays: 28 })).toEqual([]);
		// A day later the window moves by one day; 2026-06-28 is a Sunday, so still nothing.
		expect(mealsToCreate({ rule: rule(), existingDates: first, today: '2026-06-02', horizonDays: 28 })).toEqual([]);
		// Two days later Tuesday 30 June enters the window.
		expect(mealsToCreate({ rule: rule(), existingDates: first, today: '2026-06-03', horizonDays: 28 })).toEqual([
			'2026-06-30'
		]);
	});

	it('skips dates already there, in any order and with repeats', () => {
		const existing = ['2026-06-11', '2026-06-02', '2026-06-02'];
		expect(mealsToCreate({ rule: rule(), existingDates: existing, today: '2026-06-01', horizonDays: 14 })).toEqual([
			'2026-06-04',
			'2026-06-09'
		]);
	});

	it('never creates a meal in the past, even when the rule started long ago', () => {
		const r = rule({ startDate: '2020-01-01' });
		const dates = mealsToCreate({ rule: r, existingDates: [], today: '2026-06-04', horizonDays: 7 });
		expect(dates).toEqual(['2026-06-04', '2026-06-09']);
		expect(dates.every((d) => d >= '2026-06-04')).toBe(true);
	});

	it('leaves out today once the meal has started, when the time is given', () => {
		const r = rule({ time: '12:15' });
		const at = (nowTime: string) =>
			mealsToCreate({ rule: r, existingDates: [], today: '2026-06-04', horizonDays: 6, nowTime });
		expect(at('11:59')).toEqual(['2026-06-04', '2026-06-09']);
		expect(at('12:15')).toEqual(['2026-06-09']);
		expect(at('20:00')).toEqual(['2026-06-09']);
		expect(
			mealsToCreate({ rule: r, existingDates: [], today: '2026-06-04', horizonDays: 1, nowTime: '13:00' })
		).toEqual([]);
	});

	it('respects the end date and skip dates', () => {
		const r = rule({ endDate: '2026-06-11', skipDates: ['2026-06-04'] });
		expect(mealsToCreate({ rule: r, existingDates: [], today: '2026-06-01', horizonDays: 28 })).toEqual([
			'2026-06-02',
			'2026-06-09',
			'2026-06-11'
		]);
	});

	it('waits for a rule that starts after the horizon', () => {
		const r = rule({ startDate: '2026-09-01' });
		expect(mealsToCreate({ rule: r, existingDates: [], today: '2026-06-01', horizonDays: 28 })).toEqual([]);
	});

	it('plans across a year end and a clock change', () => {
		const winter = mealsToCreate({
			rule: rule({ weekdays: [4] }),
			existingDates: [],
			today: '2026-12-28',
			horizonDays: 14
		});
		expect(winter).toEqual(['2026-12-31', '2027-01-07']);
		const spring = mealsToCreate({
			rule: rule({ weekdays: [7] }),
			existingDates: [],
			today: '2026-03-23',
			horizonDays: 14
		});
		expect(spring).toEqual(['2026-03-29', '2026-04-05']);
	});

	it('plans nothing for a zero horizon and refuses a silly one', () => {
		expect(mealsToCreate({ rule: rule(), existingDates: [], today: '2026-06-01', horizonDays: 0 })).toEqual([]);
		for (const bad of [-1, 1.5, MAX_HORIZON_DAYS + 1, Number.NaN]) {
			expect(() => mealsToCreate({ rule: rule(), existingDates: [], today: '2026-06-01', horizonDays: bad })).toThrow(
				RangeError
			);
		}
	});
});
