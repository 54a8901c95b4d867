// Lighthouse (the npm package, Google's own auditor) over pages of a built site.
// Usage: node lighthouse.mjs [--checks] SITE_DIR FORMS RUNS PAGE...
// FORMS is mobile, desktop or both (mobile,desktop). Serves SITE_DIR on 127.0.0.1 (a
// plain static server, as a course is published), runs Lighthouse RUNS times per page
// and form factor in one headless Chromium and prints one JSON object:
// { "mobile": { "page": { "performance": [..], "accessibility": [..],
//   "best-practices": [..], "seo": [..], "cls": [..],
//   "failed": { "category": ["audit id", ..] } } }, "desktop": { .. } }.
// With --checks, only what the test checks: accessibility, best practices, SEO and the
// layout shift. The performance score (a figure for a quiet machine, not a check) is
// left out, and with it its gatherers: the filmstrip's screenshots and the
// back/forward-cache probe, which navigates away and back. Pages after the first keep
// the origin's storage. With --checks, the page also gets half a second, not a second,
// of quiet after its first paint and its load, and no machine benchmark (see below).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { pageFunctions } from 'lighthouse/core/lib/page-functions.js';

const args = process.argv.slice(2);
const checksOnly = args[0] === '--checks';
const [site, formsArg, runsArg, ...pages] = checksOnly ? args.slice(1) : args;
const forms = (formsArg || '').split(',');
const runs = Number(runsArg);
// Lighthouse times the machine for a second before every page; only the performance
// category's report reads the figure, and a checks-only run has none.
if (checksOnly) pageFunctions.computeBenchmarkIndex = () => -1;
// The quiet Lighthouse waits for after the first paint, the load, the network and the
// main thread: its default second each, or half of that for the checks. No course page
// changes its layout that late (the offline notice is fixed in place).
const quietMs = checksOnly ? 500 : 1000;
if (!site || !forms.every((f) => ['mobile', 'desktop'].includes(f)) || !(runs > 0) || pages.length === 0) {
  console.error('usage: node lighthouse.mjs [--checks] SITE_DIR mobile|desktop|mobile,desktop RUNS PAGE...');
  process.exit(2);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.webp': 'image/webp', '.json': 'application/json', '.ico': 'image/x-icon',
};
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  try {
    const body = await readFile(join(site, path.endsWith('/') ? path + 'index.html' : path));
    res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}/`;

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const CATEGORIES = ['accessibility', 'best-practices', 'seo'];
if (!checksOnly) CATEGORIES.unshift('performance');
const out = {};
// Both form factors in one Chromium and one Node: starting them, and Lighthouse's first
// page (its code compiled, the course's service worker saving the site), is about as
// much CPU as four pages.
try {
  for (const [formFactor, page] of forms.flatMap((f) => pages.map((p) => [f, p]))) {
    const r = ((out[formFactor] ??= {})[page] = { cls: [], failed: {}, shifts: [] });
    for (const c of CATEGORIES) r[c] = [];
    for (let i = 0; i < runs; i++) {
      const result = await lighthouse(
        origin + page,
        {
          port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES,
          // The layout-shift audits belong to the performance category.
          onlyAudits: ['cumulative-layout-shift', 'layout-shifts'],
          // The report's picture of the whole page: no score reads it, and it takes seconds.
          disableFullPageScreenshot: true,
          pauseAfterFcpMs: quietMs,
          pauseAfterLoadMs: quietMs,
          networkQuietThresholdMs: quietMs,
          cpuQuietThresholdMs: quietMs,
          // Checks only: every page after the first is a returning learner's visit (the
          // service worker and its cache kept), which spares clearing and refilling the
          // origin's storage for each page. The performance figures keep a first visit.
          disableStorageReset: checksOnly,
        },
        formFactor === 'desktop' ? desktopConfig : undefined,
      );
      const lhr = result.lhr;
      if (lhr.runtimeError) throw new Error(`${page}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      for (const c of CATEGORIES) {
        r[c].push(Math.round(lhr.categories[c].score * 100));
        const failed = lhr.categories[c].auditRefs
          .filter((a) => a.weight > 0 && lhr.audits[a.id].score !== null && lhr.audits[a.id].score < 1)
          .map((a) => a.id);
        if (c !== 'performance' && failed.length) r.failed[c] = failed;
      }
      r.cls.push(lhr.audits['cumulative-layout-shift'].numericValue);
      // What moved, so a failing check says where to look.
      const shifts = lhr.audits['layout-shifts']?.details?.items || [];
      r.shifts = shifts.map((s) => `${s.node?.selector || '?'} (${s.score.toFixed(3)})`);
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
console.log(JSON.stringify(out, null, 1));
