/**
 * GraphiQL works offline (issue 6, item 13): in headless Chromium the page of the local runtime loads with
 * no request leaving the machine, a query sent with a token in the headers editor runs, and its result
 * shows. Needs Debian's `chromium` (`.ci/run` installs it); skipped only with CLEARWATER_SKIP_BROWSER=1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

const CHROMIUM = '/usr/bin/chromium';
// Headless, and none of Chromium's own background traffic (updates, sync, safe browsing).
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

describe.skipIf(process.env.CLEARWATER_SKIP_BROWSER === '1')(
  'GraphiQL in a browser',
  { timeout: 120_000 },
  () => {
    let app: TestRuntime;
    let profile: string;
    let context: BrowserContext;
    let page: Page;
    const requested: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      app = await startTestRuntime({ label: 'graphiql', clockStart: '2020-04-10T09:00:00+08:00' });
      profile = mkdtempSync(join(tmpdir(), 'clearwater-chromium-'));
      context = await chromium
        .launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS })
        .catch((error: Error) => {
          throw new Error(
            `Cannot start ${CHROMIUM} (apt-get install -y chromium, or CLEARWATER_SKIP_BROWSER=1 to skip): ${error.message}`,
          );
        });
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      // Every request the page makes is recorded; one for another host is also stopped, so none leaves.
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        requested.push(url.href);
        return LOCAL_HOSTS.has(url.hostname) || !/^(https?|wss?):$/.test(url.protocol)
          ? route.continue()
          : route.abort();
      });
      page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
    }, 120_000);

    afterAll(async () => {
      await context?.close();
      await app?.runtime.stop();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    /** Monaco auto-closes typed brackets: paste the text instead, as a person would. */
    async function paste(text: string) {
      await page.evaluate((t) => navigator.clipboard.writeText(t), text);
      await page.keyboard.press('Control+V');
    }

    it('loads from the local server alone', async () => {
      await page.goto(`${app.runtime.url}/graphql`);
      await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 60_000 });

      const hosts = requested.filter((u) => /^(https?|wss?):/.test(u)).map((u) => new URL(u).hostname);
      expect(hosts.length).toBeGreaterThan(0);
      expect(
        hosts.filter((h) => !LOCAL_HOSTS.has(h)),
        requested.join('\n'),
      ).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    it('runs a query with a token from the headers editor and shows the result', async () => {
      const token = await app.token('SUPERVISOR', 'yanhu-gov-office');

      await page.locator('.graphiql-query-editor .monaco-editor').click();
      await page.keyboard.press('Control+A');
      await paste('{ me { id roles unit { name } } }');
      await page.getByRole('button', { name: 'Headers' }).click();
      await page.locator('.graphiql-editor-tool .monaco-editor').last().click();
      await page.keyboard.press('Control+A');
      await paste(JSON.stringify({ authorization: `Bearer ${token}` }));
      await page.getByRole('button', { name: /Execute query/ }).click();

      const result = page.locator('.graphiql-response');
      await result.getByText('盐湖区人民政府办公室').waitFor({ timeout: 30_000 });
      const shown = (await result.textContent()) ?? '';
      expect(shown).toContain('"roles"');
      expect(shown).toContain('盐湖区人民政府办公室');
      expect(shown).not.toContain('errors');
      const hosts = requested.filter((u) => /^(https?|wss?):/.test(u)).map((u) => new URL(u).hostname);
      expect(hosts.filter((h) => !LOCAL_HOSTS.has(h))).toEqual([]);
    });
  },
);
