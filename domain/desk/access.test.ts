import { ACTION_REJECTIONS } from './copy';
import { assigneeRefusal, canSeeCase, transferRefusal, type CaseScope, type StaffScope } from './access';

const tehranCase: CaseScope = {
  province: 'tehran',
  desk: 'province',
  confidential: false,
  escalationLevel: 0,
};
const complaint: CaseScope = {
  province: 'tehran',
  desk: 'inspection',
  confidential: true,
  escalationLevel: 0,
};
const staff = (role: StaffScope['role'], province: string | null = 'tehran'): StaffScope => ({
  id: 1,
  role,
  province,
  desks: ['province'],
});

describe('who may see a case', () => {
  it('keeps province staff to their province', () => {
    expect(canSeeCase(staff('expert'), tehranCase)).toBe(true);
    expect(canSeeCase(staff('supervisor'), tehranCase)).toBe(true);
    expect(canSeeCase(staff('expert', 'fars'), tehranCase)).toBe(false);
    expect(canSeeCase(staff('supervisor', 'fars'), tehranCase)).toBe(false);
  });

  it('keeps confidential complaints from everyone but inspectors and admins', () => {
    expect(canSeeCase(staff('expert'), complaint)).toBe(false);
    expect(canSeeCase(staff('supervisor'), complaint)).toBe(false);
    expect(canSeeCase(staff('inspector', null), complaint)).toBe(true);
    expect(canSeeCase(staff('admin', null), complaint)).toBe(true);
  });

  it('shows inspectors the second-level escalations of every province', () => {
    expect(canSeeCase(staff('inspector', null), tehranCase)).toBe(false);
    expect(canSeeCase(staff('inspector', null), { ...tehranCase, escalationLevel: 2 })).toBe(true);
  });

  it('keeps experts to their desks', () => {
    expect(canSeeCase({ ...staff('expert'), desks: ['inspection'] }, tehranCase)).toBe(false);
  });
});

describe('who may be given a case', () => {
  const member = (role: string, province: string | null = 'tehran', desks = ['province'], active = true) => ({
    role,
    province,
    desks,
    active,
  });
  const tehran = { province: 'tehran', desk: 'province' as const, confidential: false };
  const inspection = { province: 'tehran', desk: 'inspection' as const, confidential: true };

  it('gives a province desk’s case to that province’s experts of the desk and its supervisors only', () => {
    expect(assigneeRefusal(member('expert'), tehran)).toBeNull();
    expect(assigneeRefusal(member('supervisor'), tehran)).toBeNull();
    for (const other of [
      member('expert', 'isfahan'),
      member('expert', 'tehran', ['inspection']),
      member('expert', 'tehran', ['province'], false),
      member('inspector', null),
      member('admin', null),
      member('agent'),
      undefined,
    ])
      expect(assigneeRefusal(other, tehran)).toBe(ACTION_REJECTIONS.assigneeNotEligible);
  });

  it('gives the Inspection Office’s cases to inspectors only', () => {
    expect(assigneeRefusal(member('inspector', null), inspection)).toBeNull();
    for (const role of ['expert', 'supervisor', 'admin'])
      expect(assigneeRefusal(member(role), inspection)).toBe(ACTION_REJECTIONS.assigneeNotEligible);
  });

  it('transfers only to a known province and desk, and keeps confidential complaints with the Inspection Office', () => {
    expect(transferRefusal(tehran, { province: 'isfahan', desk: 'province' }, true)).toBeNull();
    expect(transferRefusal(tehran, { province: 'atlantis', desk: 'province' }, false)).toBe(
      ACTION_REJECTIONS.unknownProvince,
    );
    expect(transferRefusal(tehran, { province: 'isfahan', desk: 'basement' }, true)).toBe(
      ACTION_REJECTIONS.badTransfer,
    );
    expect(transferRefusal(inspection, { province: 'isfahan', desk: 'province' }, true)).toBe(
      ACTION_REJECTIONS.confidentialStaysWithInspection,
    );
    expect(transferRefusal(inspection, { province: 'isfahan', desk: 'inspection' }, true)).toBeNull();
  });
});
