import { createTestDb } from '../../test/support/db';
import { seedHajjDemo, HAJJ_DEMO_AGENT } from './hajjDemo';

it('seeds the Hajj demo once, however often the stack starts', async () => {
  const testDb = await createTestDb();
  try {
    await seedHajjDemo(testDb.db, 'first', 'key');
    await seedHajjDemo(testDb.db, 'second', 'key');
    const count = async (table: string) => Number((await testDb.db(table).count({ n: '*' }))[0].n);
    expect(await count('hajj_deposits')).toBe(60);
    expect(await count('hajj_caravans')).toBe(4);
    // The Umrah's own queue and caravan (issue 19).
    expect(await testDb.db('hajj_deposits').where({ kind: 'umrah' }).count({ n: '*' })).toEqual([
      { n: '10' },
    ]);
    expect(await testDb.db('hajj_caravans').where({ kind: 'umrah' }).pluck('code')).toEqual(['TEH-301']);
    const agent = await testDb.db('staff').where({ username: HAJJ_DEMO_AGENT }).first('role');
    expect(agent.role).toBe('agent');
  } finally {
    await testDb.drop();
  }
});
