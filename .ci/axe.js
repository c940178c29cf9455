// axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA, and best practice) on each
// HTML file given, in Debian's Chromium driven by playwright-core (which
// downloads no browser). Also reflow (WCAG 1.4.10): no page scrolls sideways
// at widths from a phone's 320 px to a small laptop's, the range where layouts
// switch. Prints each violation; exits 1 if there is any.
//   NODE_PATH=DIR/node_modules node .ci/axe.js FILE.html...
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
  let total = 0;
  for (const file of process.argv.slice(2)) {
    const page = await browser.newPage();
    await page.goto('file://' + path.resolve(file));
    await page.addScriptTag({ content: axe });
    const r = await page.evaluate(
      async (values) => await axe.run(document, { runOnly: { type: 'tag', values } }), tags);
    for (const v of r.violations) {
      total++;
      console.log(`${file}: ${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.help}`);
      for (const n of v.nodes.slice(0, 3)) {
        console.log(`    ${n.target.join(' ')}: ${(n.failureSummary || '').split('\n').slice(0, 2).join(' | ')}`);
      }
    }
    for (const width of [320, 360, 768, 769, 800, 820, 845, 900, 1024, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const [scroll, client] = await page.evaluate(
        () => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      if (scroll > client) {
        total++;
        console.log(`${file}: scrolls sideways at ${width} px (${scroll} > ${client})`);
      }
    }
    await page.close();
  }
  await browser.close();
  console.log(`axe-core: ${process.argv.length - 2} files, ${total} violations`);
  process.exit(total ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
