import { nationalCodeFromSeed } from '../../../domain/shared/nationalCode';
import { parseJalaliDate } from '../../../domain/shared/jalali';
import { RegistryUnavailableError } from './index';
import { SimulatedRegistry, simulatedPerson } from './simulated';

describe('simulated civil registry', () => {
  it('maps every valid code to one person, the same every time', () => {
    for (let seed = 0; seed < 500; seed++) {
      const code = nationalCodeFromSeed(seed * 7919);
      const person = simulatedPerson(code)!;
      expect(person).toEqual(simulatedPerson(code));
      expect(person.nationalCode).toBe(code);
      expect(person.firstName.length).toBeGreaterThan(1);
      expect(parseJalaliDate(person.birthDate)).not.toBeNull();
    }
  });

  it('spreads codes over both genders and many names', () => {
    const people = Array.from({ length: 200 }, (_, i) => simulatedPerson(nationalCodeFromSeed(i * 104729))!);
    expect(new Set(people.map((p) => p.gender)).size).toBe(2);
    expect(new Set(people.map((p) => `${p.firstName} ${p.lastName}`)).size).toBeGreaterThan(50);
  });

  it('knows no one under an invalid code', async () => {
    expect(await new SimulatedRegistry().lookup('1234567890')).toBeNull();
  });

  it('fails as often as configured', async () => {
    const always = new SimulatedRegistry(0, 1);
    await expect(always.lookup(nationalCodeFromSeed(1))).rejects.toBeInstanceOf(RegistryUnavailableError);
    const never = new SimulatedRegistry(0, 0);
    await expect(never.lookup(nationalCodeFromSeed(1))).resolves.not.toBeNull();
  });
});
