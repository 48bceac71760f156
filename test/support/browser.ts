/**
 * Helpers for the browser tests (Debian's Chromium driven by playwright-core): an axe-core scan
 * that returns the serious and critical violations, and screenshots written to out/screenshots/
 * for people to look at (the tests check what matters with assertions).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { fromRoot } from '../../src/shared/paths.js';

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }>;
}

/** axe-core on the page as it is now (injected through the debugging protocol: the pages' CSP refuses inline scripts). */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(readFileSync(fromRoot('node_modules/axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() => (globalThis as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run());
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = fromRoot('out', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${name}.png` });
}

/** A phone screen, as the issue measured it. */
export const PHONE = { width: 375, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };
