/**
 * The coverage map of the real sources (CI's bar): the knowledge base covers at least 98% of the
 * factual units and accounts for every other unit. The rules behind the map are unit-tested in
 * test/unit/knowledge/coverage.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { coverageOf } from '../../src/knowledge/index.js';
import { realContent } from '../support/knowledge.js';

const MIN_FACTUAL_RATE = 0.98;

describe('the coverage map of the real sources', () => {
  const report = coverageOf(realContent());

  it(`covers at least ${MIN_FACTUAL_RATE * 100}% of the units that state a figure, a delay, a price, a phone number or a rule`, () => {
    const uncovered = report.units.filter((u) => u.factual.length > 0 && u.status.kind === 'uncovered').map((u) => `${u.file}:${u.line} ${u.text.slice(0, 80)}`);
    expect(report.totals.factualRate, `uncovered:\n${uncovered.join('\n')}`).toBeGreaterThanOrEqual(MIN_FACTUAL_RATE);
  });

  it('lists no factual unit as not for the assistant, except sample values said to be so', () => {
    expect(report.problems).toEqual([]);
    for (const u of report.units) {
      if (u.status.kind === 'excluded' && u.factual.length > 0) {
        expect(u.status.reason, `${u.file}:${u.line}`).toBe('example-data');
        expect(u.status.note, `${u.file}:${u.line}`).toBeTruthy();
      }
    }
  });

  it('accounts for every unit that states no fact: covered or listed with a reason', () => {
    const loose = report.units.filter((u) => u.factual.length === 0 && u.status.kind === 'uncovered').map((u) => `${u.file}:${u.line} ${u.text}`);
    expect(loose).toEqual([]);
  });

  it('names who covers a unit', () => {
    const unit = report.units.find((u) => u.text.includes('le lien de réinitialisation contenu dans le mail est valable 30 minutes'));
    expect(unit?.status).toMatchObject({ kind: 'covered' });
    expect(unit?.status.kind === 'covered' ? unit.status.by : []).toContain('password-reset.link_validity');
  });
});
