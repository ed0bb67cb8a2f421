// Drives headless Chromium (Debian's /usr/bin/chromium) for the integration tests, over JSON lines on
// stdin/stdout, so a C# test can open pages, evaluate script in them, click, take screenshots and read the
// browser console without a .NET Playwright package.
//
// Usage: node driver.js [--serve <dir>]...
//   Each --serve directory is served read-only at http://127.0.0.1:<port>/<basename>/ by a tiny static
//   server (loopback only). Without --serve, tests/js/browser/pages is served as /pages/.
//
// Protocol: one JSON object per line.
//   stdout, first line:   {"event":"ready","baseUrl":"http://127.0.0.1:P/","version":"156.0..."}
//   stdin, a command:     {"id":1,"op":"newPage","url":"http://...","ignoreHttpsErrors":false} -> result {"page":1}
//                         newPage may add "substitutes":[{"url":"https://...","from":"http://127.0.0.1:P/..."}]: requests for
//                         url are answered with what the driver fetches from `from` (a test's loopback stand-in for
//                         an internet resource, e.g. Google's sign-in script), so the page sees the original URL.
//                         {"id":2,"op":"evaluate","page":1,"expression":"..."} -> result: the (awaited) value
//                         {"id":3,"op":"click"|"fill"|"waitForSelector"|"textContent","page":1,"selector":"...","value":"..."}
//                         {"id":4,"op":"screenshot","page":1,"path":"/abs/file.png"}
//                         {"id":5,"op":"closePage","page":1}
//                         {"id":6,"op":"close"}                                 -> closes the browser and exits 0
//   stdout, a response:   {"id":1,"ok":true,"result":...} or {"id":1,"ok":false,"error":"..."}
//   stdout, events:       {"event":"console","page":1,"type":"log","text":"..."}, {"event":"pageerror",...},
//                         {"event":"crash","page":1}, {"event":"disconnected"}
// End of stdin (the test process went away) closes the browser too, so no Chromium outlives its test.
//
// Environment: RETHINK_BROWSER_HEADED=1 shows the window (needs a display), RETHINK_BROWSER_SLOWMO=<ms>
// slows each Playwright action, RETHINK_CHROMIUM=<path> picks another Chromium binary.
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const readline = require('readline');
const { chromium } = require('playwright-core');

// What Chromium needs on a loopback-only machine (docs/testing-browser.md, FACTS §5). Playwright already adds
// --headless, --no-sandbox, a fresh --user-data-dir, --no-first-run, --disable-background-networking,
// --disable-component-update and --disable-sync.
const chromiumArgs = [
  '--disable-gpu',
  '--disable-quic',
  // Host candidates with real addresses instead of <uuid>.local names, and a socket bound to 0.0.0.0 so
  // that media to 127.0.0.1 leaves from 127.0.0.1 (the page rewrites the candidates' address).
  '--webrtc-ip-handling-policy=default_public_and_private_interfaces',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  // WebAudio and <audio> play without a user gesture.
  '--autoplay-policy=no-user-gesture-required',
  // Fake devices, for pages (the browser client) that call getUserMedia.
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
};

function write(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

function parseServeRoots(argv) {
  const roots = new Map();
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--serve' && argv[i + 1]) {
      const dir = path.resolve(argv[++i]);
      roots.set(path.basename(dir), dir);
    }
  }

  if (roots.size === 0) {
    roots.set('pages', path.join(__dirname, 'pages'));
  }

  return roots;
}

function startStaticServer(roots) {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204);
      response.end();
      return;
    }

    const [, rootName, ...rest] = decodeURIComponent(url.pathname).split('/');
    const root = roots.get(rootName);
    const file = root ? path.resolve(root, rest.join('/') || 'index.html') : null;
    if (!file || (file !== root && !file.startsWith(root + path.sep)) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }

    response.writeHead(200, {
      'content-type': contentTypes[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main() {
  const roots = parseServeRoots(process.argv.slice(2));
  const server = await startStaticServer(roots);
  const headed = process.env.RETHINK_BROWSER_HEADED === '1';
  const browser = await chromium.launch({
    executablePath: process.env.RETHINK_CHROMIUM || '/usr/bin/chromium',
    headless: !headed,
    args: chromiumArgs,
    // Playwright mutes a headless browser; a muted browser still decodes, but the tests want what a user hears.
    ignoreDefaultArgs: ['--mute-audio'],
    slowMo: Number(process.env.RETHINK_BROWSER_SLOWMO || 0),
    timeout: 30000,
  });

  const pages = new Map();
  let nextPage = 1;
  let closing = false;

  async function shutdown(code) {
    if (closing) {
      return;
    }

    closing = true;
    try {
      await browser.close();
    } catch {
      // Already gone.
    }

    server.close();
    process.exit(code);
  }

  browser.on('disconnected', () => {
    if (!closing) {
      write({ event: 'disconnected' });
      shutdown(3);
    }
  });

  function pageOf(command) {
    const page = pages.get(command.page);
    if (!page) {
      throw new Error(`no page ${command.page}`);
    }

    return page;
  }

  const handlers = {
    async newPage(command) {
      // ignoreHttpsErrors: for pages that reach a server with a self-signed development certificate (wss://).
      const context = await browser.newContext({ viewport: { width: 1000, height: 700 }, ignoreHTTPSErrors: !!command.ignoreHttpsErrors });
      for (const substitute of command.substitutes || []) {
        await context.route(substitute.url, async (route) => {
          const response = await fetch(substitute.from);
          await route.fulfill({
            status: response.status,
            contentType: response.headers.get('content-type') || 'application/octet-stream',
            body: Buffer.from(await response.arrayBuffer()),
          });
        });
      }
      const page = await context.newPage();
      const id = nextPage++;
      pages.set(id, page);
      page.on('console', (message) => write({ event: 'console', page: id, type: message.type(), text: message.text() }));
      page.on('pageerror', (error) => write({ event: 'pageerror', page: id, text: String(error && error.stack || error) }));
      page.on('crash', () => write({ event: 'crash', page: id }));
      if (command.url) {
        await page.goto(command.url, { timeout: command.timeout || 15000 });
      }

      return { page: id };
    },
    async goto(command) {
      await pageOf(command).goto(command.url, { timeout: command.timeout || 15000 });
      return null;
    },
    async evaluate(command) {
      const value = await pageOf(command).evaluate(command.expression);
      return value === undefined ? null : value;
    },
    async click(command) {
      await pageOf(command).click(command.selector, { timeout: command.timeout || 10000 });
      return null;
    },
    async fill(command) {
      await pageOf(command).fill(command.selector, command.value ?? '', { timeout: command.timeout || 10000 });
      return null;
    },
    async waitForSelector(command) {
      await pageOf(command).waitForSelector(command.selector, { timeout: command.timeout || 10000, state: command.state || 'visible' });
      return null;
    },
    async textContent(command) {
      return await pageOf(command).textContent(command.selector, { timeout: command.timeout || 10000 });
    },
    async screenshot(command) {
      fs.mkdirSync(path.dirname(command.path), { recursive: true });
      await pageOf(command).screenshot({ path: command.path, fullPage: true, timeout: command.timeout || 10000 });
      return command.path;
    },
    async closePage(command) {
      const page = pageOf(command);
      pages.delete(command.page);
      await page.context().close();
      return null;
    },
    async close() {
      setImmediate(() => shutdown(0));
      return null;
    },
  };

  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', async (line) => {
    if (!line.trim()) {
      return;
    }

    let command;
    try {
      command = JSON.parse(line);
    } catch (error) {
      write({ event: 'protocolError', text: `not JSON: ${line}` });
      return;
    }

    const handler = handlers[command.op];
    if (!handler) {
      write({ id: command.id, ok: false, error: `unknown op ${command.op}` });
      return;
    }

    try {
      write({ id: command.id, ok: true, result: await handler(command) });
    } catch (error) {
      write({ id: command.id, ok: false, error: String(error && error.message || error) });
    }
  });
  lines.on('close', () => shutdown(0));

  write({ event: 'ready', baseUrl: `http://127.0.0.1:${server.address().port}/`, version: browser.version() });
}

main().catch((error) => {
  write({ event: 'fatal', text: String(error && error.stack || error) });
  process.exit(2);
});
