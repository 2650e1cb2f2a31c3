import { canSeeCase, type CaseScope, type StaffScope } from './access';

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
