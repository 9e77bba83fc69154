import { describe, expect, it } from 'vitest';
import { invitationStatus, mayManageTeam, removalRefusal } from './team.ts';

const admin = { id: 'a1', role: 'admin' as const };
const admin2 = { id: 'a2', role: 'admin' as const };
const master = { id: 's1', role: 'staff' as const };
const master2 = { id: 's2', role: 'staff' as const };

describe('a canteen’s team', () => {
	it('says where an invitation stands', () => {
		expect(invitationStatus({ usedAt: null, expiresAt: 100 }, 50)).toBe('pending');
		expect(invitationStatus({ usedAt: null, expiresAt: 100 }, 100)).toBe('expired');
		expect(invitationStatus({ usedAt: 70, expiresAt: 100 }, 500)).toBe('used');
	});

	it('lets administrators alone change the team', () => {
		expect(mayManageTeam(admin)).toBe(true);
		expect(mayManageTeam(master)).toBe(false);
		expect(removalRefusal({ actor: master, target: master2, admins: 2 })).toBe('forbidden');
		expect(removalRefusal({ actor: master, target: admin, admins: 2 })).toBe('forbidden');
	});

	it('removes a Canteen Master or another administrator', () => {
		expect(removalRefusal({ actor: admin, target: master, admins: 1 })).toBeUndefined();
		expect(removalRefusal({ actor: admin, target: admin2, admins: 2 })).toBeUndefined();
	});

	it('never removes yourself or the last administrator', () => {
		expect(removalRefusal({ actor: admin, target: admin, admins: 3 })).toBe('self');
		expect(removalRefusal({ actor: admin, target: admin2, admins: 1 })).toBe('last_admin');
	});
});
