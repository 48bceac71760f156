import { describe, expect, it } from 'vitest';
import { labelledName } from '../../../../src/engine/procedures/answers.js';

describe('labelledName', () => {
  it('takes the name after the words that label it, up to a comma', () => {
    expect(labelledName("mon nom c'est Durand")).toBe('Durand');
    expect(labelledName("Je m'appelle Le Goff")).toBe('Le Goff');
    expect(labelledName('nom de famille : Roux-Martin, né le 14/07/1988')).toBe('Roux-Martin');
    expect(labelledName('my last name is Smith')).toBe('Smith');
  });

  it('finds nothing in a message that does not start with such words', () => {
    expect(labelledName('Durand')).toBeUndefined();
    expect(labelledName("je veux changer mon nom c'est possible ?")).toBeUndefined();
    expect(labelledName("mon nom c'est")).toBeUndefined();
  });

});
