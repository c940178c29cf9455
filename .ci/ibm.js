// IBM Equal Access Accessibility Checker (npm accessibility-checker) on each
// HTML file given, policy WCAG 2.2 A/AA, in Debian's Chromium driven by
// playwright-core. The checker fetches its rule engine from a rule server on
// the Internet; here the engine comes from the npm package
// accessibility-checker-engine, served on the loopback interface with the
// archive index it ships, so the run needs no network and checks against the
// engine version installed. Prints every violation and potential violation;
// exits 1 on any violation.
//   NODE_PATH=DIR/node_modules node .ci/ibm.js FILE.html...
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const engineDir = path.dirname(require.resolve('accessibility-checker-engine/package.json'));

// /archives.json is the engine's own index; /archives/<id>/js/<file> is the
// engine file of that name, whatever the archive id.
function serve(req, res) {
  const url = new URL(req.url, 'http://localhost');
  let file = null;
  if (url.pathname === '/archives.json') {
    file = path.join(engineDir, 'archives.json');
  } else {
    const m = url.pathname.match(/^\/archives\/[^/]+\/js\/([A-Za-z0-9_.-]+\.js)$/);
    if (m) file = path.join(engineDir, m[1]);
  }
  if (!file || !fs.existsSync(file)) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': file.endsWith('.json') ? 'application/json' : 'text/javascript' });
  fs.createReadStream(file).pipe(res);
}

(async () => {
  const files = process.argv.slice(2).map((f) => path.resolve(f));
  const server = http.createServer(serve);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;

  // The checker reads .achecker.yml from the working directory.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'achecker-'));
  fs.writeFileSync(path.join(work, '.achecker.yml'), [
    `ruleServer: http://127.0.0.1:${port}`,
    'ruleArchive: latest',
    'policies:',
    '  - WCAG_2_2',
    'failLevels:',
    '  - violation',
    'reportLevels:',
    '  - violation',
    '  - potentialviolation',
    'outputFormat:',
    '  - disable',
    `outputFolder: ${path.join(work, 'results')}`,
    `cacheFolder: ${path.join(work, 'cache')}`,
    '',
  ].join('\n'));
  process.chdir(work);
  process.env.IBM_TELEMETRY_DISABLED = 'true';

  const aChecker = require('accessibility-checker');
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  let violations = 0;
  let potential = 0;
  for (const file of files) {
    const page = await browser.newPage();
    await page.goto('file://' + file);
    const label = `${files.indexOf(file)}-${path.basename(path.dirname(file))}-${path.basename(file, '.html')}`;
    const { report } = await aChecker.getCompliance(page, label);
    if (!report || !Array.isArray(report.results)) {
      throw new Error(`no report for ${file}: ${JSON.stringify(report).slice(0, 300)}`);
    }
    for (const r of report.results) {
      if (r.level !== 'violation' && r.level !== 'potentialviolation') continue;
      if (r.level === 'violation') violations++; else potential++;
      console.log(`${file}: ${r.level} ${r.ruleId}: ${r.message}\n    ${r.path && r.path.dom}`);
    }
    await page.close();
  }
  await aChecker.close();
  await browser.close();
  server.close();
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`IBM Equal Access (WCAG 2.2 A/AA): ${files.length} files, ${violations} violations, ${potential} potential violations`);
  process.exit(violations ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
