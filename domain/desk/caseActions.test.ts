import { citizenRefusal, staffRefusal, type CaseFacts } from './caseActions';

const routed: CaseFacts = { status: 'routed', assignedTo: 7, rated: false, objected: false };
const answered: CaseFacts = { ...routed, status: 'answered' };

describe('the case actions’ rules', () => {
  it('answer with reason codes, null when the action is allowed', () => {
    expect(staffRefusal('reply', routed, { staffId: 7, role: 'expert' })).toBeNull();
    expect(staffRefusal('reply', routed, { staffId: 8, role: 'expert' })).toBe('notAssignee');
    expect(staffRefusal('reply', routed, { staffId: 1, role: 'admin' })).toBe('roleMayNotReply');
    expect(staffRefusal('claim', routed, { staffId: 7, role: 'expert' })).toBe('alreadyYours');
    expect(staffRefusal('claim', routed, { staffId: 8, role: 'expert' })).toBe('assignedToAnother');
    expect(staffRefusal('extend', routed, { staffId: 7, role: 'expert' })).toBe('roleNotAllowed');
    expect(
      staffRefusal('requestInfo', { ...routed, status: 'info-requested' }, { staffId: 7, role: 'expert' }),
    ).toBe('infoAlreadyRequested');
    expect(staffRefusal('transfer', answered, { staffId: 7, role: 'expert' })).toBe('caseNotOpen');
    expect(staffRefusal('note', answered, { staffId: 7, role: 'expert' })).toBeNull();
    expect(citizenRefusal('supplement', routed)).toBe('noInfoRequested');
    expect(citizenRefusal('rate', routed)).toBe('notAnswered');
    expect(citizenRefusal('rate', { ...answered, rated: true })).toBe('alreadyRated');
    expect(citizenRefusal('object', { ...answered, objected: true })).toBe('alreadyObjected');
    expect(citizenRefusal('object', { ...routed, status: 'closed' })).toBe('objectionClosed');
    expect(citizenRefusal('object', answered)).toBeNull();
  });
});
