import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp } from '../helpers/test-app';

// NODE_ENV=production refuses the test-mode checkout and the development manage-link key, so this app gets (unused) ones.
const PRODUCTION = { NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_test_unused', STRIPE_WEBHOOK_SECRET: 'whsec_unused', MANAGE_LINK_SECRET: 'x'.repeat(32) };
const DEMO_KEY = 'pk_demo_key_for_the_home_page';

/** A DATA_DIR holding the demo tenant as `npm start` remembers it. */
function dataDirWithDemoTenant(): string {
  const dir = fs.mkdtempSync(path.join(process.env.TEST_TMP_DIR ?? os.tmpdir(), 'home-data-'));
  fs.writeFileSync(path.join(dir, 'demo-tenant.json'), JSON.stringify({ name: 'Demo Studio', publishableKey: DEMO_KEY, secretKey: 'sk_not_shown' }));
  return dir;
}

describe('the page at /', () => {
  it("embeds the demo tenant's widget in both modes, under a CSP that runs only this service's scripts", async () => {
    const t = await createTestApp({ DATA_DIR: dataDirWithDemoTenant(), TEMPORAL_UI_URL: 'http://127.0.0.1:8233' });
    try {
      const page = await t.app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(page.body).toContain(`<script src="/widget.js" data-tenant-key="${DEMO_KEY}" data-mode="inline" data-target="#booking-inline" async>`);
      expect(page.body).toContain(`<script src="/widget.js" data-tenant-key="${DEMO_KEY}" async>`);
      expect(page.body).toContain('href="/docs"');
      // esc() writes / as &#x2F;, which the browser reads back as /.
      expect(page.body).toContain('href="http:&#x2F;&#x2F;127.0.0.1:8233"');
      expect(page.body).not.toContain('sk_not_shown');
    } finally {
      await t.close();
    }
  });

  it('shows no demo key in production', async () => {
    const t = await createTestApp({ ...PRODUCTION, DATA_DIR: dataDirWithDemoTenant() });
    try {
      const page = await t.app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain(DEMO_KEY);
      expect(page.body).not.toContain('data-tenant-key');
    } finally {
      await t.close();
    }
  });
});
