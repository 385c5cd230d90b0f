import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { freePort } from '../../src/integrations/embedded/free-port';
import { WIDGET_BUNDLE_PATH } from '../../src/http/widget-file';
import { modelOverrides } from '../chat/chat-test-kit';
import { ensureChromium } from '../helpers/chromium';
import { buildTenant, type TestTenant } from '../helpers/factories';
import { FakeAnthropic, textReply, toolUseReply } from '../helpers/fake-anthropic';
import { confirmOverHttp, createProposalOverHttp } from '../helpers/proposal-api';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { nextOpenDate } from '../helpers/test-dates';
import { startTestWorker, type TestWorker } from '../helpers/worker';

const ARTIFACTS = path.resolve('test-artifacts');
// Both names resolve to 127.0.0.1 inside the browser (--host-resolver-rules): two origins, one server.
const SHOP_HOST = 'shop.test';
const FOREIGN_HOST = 'evil.test';

/** The tenant's web page: nothing but the widget's script tag, and a log of the widget's events. */
function hostPage(apiUrl: string, key: string, mode: string): string {
  const inline = mode === 'inline' ? ' data-mode="inline" data-target="#booking"' : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title>
<style>* { color: red !important; font-size: 40px !important; }</style></head>
<body><h1>Our shop</h1><div id="booking"></div>
<script>window.bookingEvents = []; for (const name of ['booking:proposed', 'booking:confirmed', 'booking:paid']) addEventListener(name, (e) => bookingEvents.push({ name, detail: e.detail }));</script>
<script src="${apiUrl}/widget.js" data-tenant-key="${key}" data-name="Ada Lovelace"${inline} async></script></body></html>`;
}

/** The few DOM members the keyboard test reads inside the page (the test's tsconfig has no DOM lib). */
interface Focused {
  shadowRoot: { activeElement: Focused | null } | null;
  textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selector: string): { firstChild: { textContent: string | null } | null } | null;
}

describe('the widget on a tenant page in a real browser', () => {
  let fake: FakeAnthropic;
  let t: TestApp;
  let worker: TestWorker;
  let shop: TestTenant;
  let browser: Browser;
  let hostServer: http.Server;
  let apiUrl: string;
  let hostPort: number;

  beforeAll(async () => {
    const executablePath = ensureChromium();
    execFileSync(process.execPath, ['widget/build.mjs']);
    fake = await FakeAnthropic.start();
    const apiPort = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    t = await createTestApp({ ...modelOverrides(fake), PUBLIC_BASE_URL: apiUrl });
    await t.app.listen({ host: '127.0.0.1', port: apiPort });
    worker = await startTestWorker(t.config, t.db);
    hostPort = await freePort();
    shop = await buildTenant(t.db, { allowedOrigins: [`http://${SHOP_HOST}:${hostPort}`] });
    hostServer = http.createServer((request, response) => {
      const mode = new URL(request.url ?? '/', 'http://host').searchParams.get('mode') ?? 'launcher';
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(apiUrl, shop.publishableKey, mode));
    });
    await new Promise<void>((resolve) => hostServer.listen(hostPort, '127.0.0.1', resolve));
    browser = await chromium.launch({ executablePath, args: [`--host-resolver-rules=MAP ${SHOP_HOST} 127.0.0.1, MAP ${FOREIGN_HOST} 127.0.0.1`] });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => hostServer?.close(resolve));
    await worker?.stop();
    await t?.close();
    await fake?.close();
  });

  async function openShop(mode: 'inline' | 'launcher', host = SHOP_HOST, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`http://${host}:${hostPort}/?mode=${mode}`);
    return page;
  }

  /** Direct form: service, a date (paging months as needed), name, email, propose. */
  async function proposeByForm(page: Page, date: string, email: string): Promise<void> {
    await page.getByRole('tab', { name: 'Book directly' }).click();
    await page.getByLabel('Service').selectOption(shop.packages[0].id);
    await pickDate(page, date);
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Check and propose' }).click();
  }

  /** Pages the month view forward (by `next`) until the date's day is shown, waiting for each month to load. */
  async function showMonthOf(page: Page, date: string, next = () => page.getByRole('button', { name: 'Next month' }).click()): Promise<void> {
    const first = page.locator('[data-date]').first();
    await first.waitFor();
    for (let i = 0; i < 40 && !(await page.locator(`[data-date="${date}"]`).isVisible()); i += 1) {
      const [year, month] = (await first.getAttribute('data-date'))!.split('-').map(Number);
      await next();
      await page.locator(`[data-date="${new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10)}"]`).waitFor();
    }
  }

  async function pickDate(page: Page, date: string): Promise<void> {
    await showMonthOf(page, date);
    await page.locator(`[data-date="${date}"]`).click();
  }

  async function bookOverApi(date: string): Promise<void> {
    const proposal = await createProposalOverHttp(t.app, shop, date);
    expect((await confirmOverHttp(t.app, shop.publishableKey, proposal.id, { sessionId: proposal.sessionId })).statusCode).toBe(200);
  }

  const outboxCount = () => {
    const outbox = path.join(t.config.dataDir, 'outbox');
    return fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((file) => file.endsWith('.eml')).length : 0;
  };

  it('is served as one small script (at most 40 KB gzipped)', () => {
    expect(gzipSync(fs.readFileSync(WIDGET_BUNDLE_PATH)).length).toBeLessThanOrEqual(40 * 1024);
  });

  it('books through the direct form, pays in test mode and shows COMPLETED back on the page', async () => {
    const page = await openShop('inline');
    const date = nextOpenDate(shop);
    await proposeByForm(page, date, 'ada@example.test');
    const card = page.getByRole('group', { name: 'Booking proposal' });
    await card.getByText(date).waitFor();
    await card.getByRole('button', { name: 'Confirm booking' }).click();
    await page.waitForURL(/\/test-mode\/checkout\//);
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByRole('heading', { name: 'Payment received' }).waitFor();
    await page.goto(`http://${SHOP_HOST}:${hostPort}/?mode=inline`);
    await page.getByText('Paid and confirmed').waitFor();
    expect(outboxCount()).toBe(1);
    const events = await page.evaluate(() => (globalThis as unknown as { bookingEvents: Array<{ name: string; detail: object }> }).bookingEvents);
    expect(events.map((event) => event.name)).toEqual(['booking:paid']);
    expect(JSON.stringify(events)).not.toContain('ada@example.test');
    await page.context().close();
  });

  it('books through chat against the fake Messages API', async () => {
    const page = await openShop('launcher');
    const date = nextOpenDate(shop);
    await page.getByRole('button', { name: 'Open booking assistant' }).click();
    fake.enqueue(
      toolUseReply([{ name: 'list_services', input: {} }]),
      toolUseReply([{ name: 'book_service', input: { packageId: shop.packages[0].id, date, customerName: 'Ada Lovelace', customerEmail: 'ada.chat@example.test' } }]),
      textReply('Here is your proposal: press Confirm booking to book it.'),
    );
    await page.getByRole('textbox', { name: 'Message' }).fill(`A portrait on ${date}, Ada Lovelace, ada.chat@example.test`);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Here is your proposal').waitFor();
    const card = page.getByRole('group', { name: 'Booking proposal' });
    await card.getByText('ada.chat@example.test').waitFor();
    const events = await page.evaluate(() => (globalThis as unknown as { bookingEvents: Array<{ name: string; detail: Record<string, string> }> }).bookingEvents);
    expect(events).toEqual([{ name: 'booking:proposed', detail: { proposalId: expect.any(String), status: 'AWAITING_CONFIRMATION' } }]);
    await card.getByRole('button', { name: 'Confirm booking' }).click();
    await page.waitForURL(/\/test-mode\/checkout\//);
    await page.context().close();
  });

  it('hands over to the booking form when the chat answers 503 LLM_UNAVAILABLE, keeping what was typed', async () => {
    const page = await openShop('inline');
    // The API's own answer without a model key, stood in for here because this app has a (fake) model.
    await page.route(`${apiUrl}/v1/chat/messages`, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': `http://${SHOP_HOST}:${hostPort}` },
        body: JSON.stringify({ error: 'The assistant is unavailable', code: 'LLM_UNAVAILABLE' }),
      }),
    );
    await page.getByRole('textbox', { name: 'Message' }).fill('A portrait next week please');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByLabel('Service').waitFor();
    await page.getByText('The chat is not available right now').waitFor();
    expect(await page.getByRole('tab', { name: 'Chat' }).isVisible()).toBe(false);
    expect(await page.getByRole('alert').isVisible()).toBe(false);
    expect(await page.getByRole('textbox', { name: 'Message', includeHidden: true }).inputValue()).toBe('A portrait next week please');
    await page.context().close();
  });

  it('disables a taken date, and says so when a date is taken meanwhile (409)', async () => {
    const taken = nextOpenDate(shop);
    const meanwhile = nextOpenDate(shop);
    await bookOverApi(taken);
    const page = await openShop('inline');
    await page.getByRole('tab', { name: 'Book directly' }).click();
    await showMonthOf(page, taken);
    await expect(page.locator(`[data-date="${taken}"]`).isDisabled()).resolves.toBe(true);
    await pickDate(page, meanwhile);
    expect(await page.locator(`[data-date="${meanwhile}"]`).getAttribute('aria-pressed')).toBe('true');
    await page.getByLabel('Email').fill('ada.late@example.test');
    await bookOverApi(meanwhile);
    await page.getByRole('button', { name: 'Check and propose' }).click();
    await page.getByRole('alert').getByText('that date was just taken').waitFor();
    // The month is reloaded after the refusal: the date then shows as taken.
    await page.locator(`[data-date="${meanwhile}"]:disabled`).waitFor();
    await page.context().close();
  });

  it('keeps the proposal through a reload, and takes desktop and phone screenshots', async () => {
    const page = await openShop('inline');
    const date = nextOpenDate(shop);
    await proposeByForm(page, date, 'ada.reload@example.test');
    await page.getByRole('group', { name: 'Booking proposal' }).waitFor();
    await page.reload();
    const card = page.getByRole('group', { name: 'Booking proposal' });
    await card.getByText('ada.reload@example.test').waitFor();
    expect(page.url()).not.toContain('session');
    await page.screenshot({ path: path.join(ARTIFACTS, 'widget-inline-desktop.png'), fullPage: true });
    await page.context().close();

    const phone = await openShop('launcher', SHOP_HOST, { width: 390, height: 844 });
    await phone.getByRole('button', { name: 'Open booking assistant' }).click();
    await phone.getByRole('tab', { name: 'Book directly' }).click();
    await phone.getByLabel('Service').waitFor();
    await phone.screenshot({ path: path.join(ARTIFACTS, 'widget-launcher-phone.png') });
    expect(fs.statSync(path.join(ARTIFACTS, 'widget-launcher-phone.png')).size).toBeGreaterThan(0);
    await phone.context().close();
  });

  it('works with the keyboard alone: open, book directly, trap focus, close back to the launcher', async () => {
    const page = await openShop('launcher');
    const date = nextOpenDate(shop);
    const focused = () =>
      page.evaluate(() => {
        let active = (globalThis as unknown as { document: { activeElement: Focused | null } }).document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        const name = active?.getAttribute('aria-label') ?? active?.closest('label')?.firstChild?.textContent ?? '';
        return `${name}|${active?.getAttribute('data-date') ?? ''}|${active?.textContent?.trim() ?? ''}`;
      });
    const tabTo = async (wanted: (name: string) => boolean, key = 'Tab') => {
      for (let i = 0; i < 60 && !wanted(await focused()); i += 1) await page.keyboard.press(key);
      expect(wanted(await focused())).toBe(true);
    };
    await tabTo((name) => name.startsWith('Open booking assistant'));
    await page.keyboard.press('Enter');
    await expect(focused()).resolves.toMatch(/^Message\|/);
    await tabTo((name) => name.endsWith('|Book directly'), 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByLabel('Service').waitFor();
    await showMonthOf(page, date, async () => {
      await tabTo((name) => name.startsWith('Next month'));
      await page.keyboard.press('Enter');
    });
    await tabTo((name) => name.includes(`|${date}|`));
    await page.keyboard.press('Space');
    await tabTo((name) => name.startsWith('Email|'));
    await page.keyboard.type('ada.keys@example.test');
    await tabTo((name) => name.endsWith('|Check and propose'));
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Booking proposal' }).waitFor();
    // Focus stays in the popup: tabbing past the last control comes back to the first.
    await tabTo((name) => name.endsWith('|Confirm booking'));
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toMatch(/^Close\|/);
    await page.keyboard.press('Escape');
    await expect(focused()).resolves.toMatch(/^Open booking assistant\|/);
    await page.context().close();
  });

  it("runs both demo widgets on the service's own page at / under its CSP", async () => {
    fs.writeFileSync(path.join(t.config.dataDir, 'demo-tenant.json'), JSON.stringify({ publishableKey: shop.publishableKey }));
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${apiUrl}/`);
    await page.getByRole('button', { name: 'Open booking assistant' }).waitFor();
    await page.getByRole('region', { name: 'Book with us' }).getByRole('tab', { name: 'Book directly' }).click();
    await page.locator('[data-date]').first().waitFor();
    // (The browser's own /favicon.ico request is a 404 here; only CSP refusals matter.)
    expect(consoleErrors.filter((text) => /Content Security Policy|Refused/i.test(text))).toEqual([]);
    await context.close();
  });

  it('on a page whose origin the tenant did not allow, the calls fail and the widget says it cannot reach the service', async () => {
    const page = await openShop('inline', FOREIGN_HOST);
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.getByRole('tab', { name: 'Book directly' }).click();
    await page.getByRole('alert').getByText('Cannot reach the booking service').waitFor();
    expect(consoleErrors.join('\n')).toMatch(/CORS/);
    await page.context().close();
  });
});
