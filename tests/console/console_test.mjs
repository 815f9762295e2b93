// The console in a real browser (Debian's Chromium, headless, driven by playwright-core)
// against a running paper deployment that requires tokens:
//   - without a token the page asks for one;
//   - with the read-only token the graph and live fills appear, and the kill switch is
//     refused (and stays off);
//   - with the control token the kill switch engages.
// A screenshot is written to $OUT_DIR/console.png. Exits non-zero on the first failure.
//
// Run by ctest (tests/CMakeLists.txt) with TRADEHOST_EXE, SOURCE_DIR and OUT_DIR set.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const exe = process.env.TRADEHOST_EXE, src = process.env.SOURCE_DIR, outDir = process.env.OUT_DIR || tmpdir();
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
if (!exe || !src) throw new Error("set TRADEHOST_EXE and SOURCE_DIR");
if (!existsSync(browserPath)) throw new Error(`no browser at ${browserPath}: run packaging/bootstrap.sh (it installs chromium)`);

const control = "console-control-" + Math.random().toString(16).slice(2).padEnd(16, "0");
const read = "console-read-" + Math.random().toString(16).slice(2).padEnd(16, "0");

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function check(ok, what) { if (!ok) throw new Error("FAILED: " + what); console.log("ok: " + what); }

const dir = mkdtempSync(join(tmpdir(), "tradehost-console-"));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
writeFileSync(join(dir, "console.yaml"),
  `extends: ${src}/config/paper.yaml\n` +
  `host:\n  journal: ${dir}/journal.db\n  api: {listen: "127.0.0.1:${port}"}\n  log: {level: warn, file: "${dir}/host.log"}\n` +
  `instances:\n  feed:\n    config: {count: 0, rate: 2000}\n`);
const host = spawn(exe, ["run", join(dir, "console.yaml")], {
  env: { ...process.env, TRADEHOST_API_TOKEN: control, TRADEHOST_API_READ_TOKEN: read },
  stdio: ["ignore", "pipe", "pipe"],
});
let hostOutput = "";
host.stdout.on("data", (d) => { hostOutput += d; });
host.stderr.on("data", (d) => { hostOutput += d; });

async function api(path, token, method = "GET") {
  const headers = { Authorization: "Bearer " + token };
  if (method !== "GET") headers["X-Tradehost-Control"] = "1";
  const r = await fetch(base + path, { method, headers });
  return { status: r.status, text: await r.text() };
}

let browser;
let failed = false;
try {
  for (let i = 0; i < 100; ++i) {
    try { if ((await fetch(base + "/healthz")).ok) break; } catch { /* not listening yet */ }
    await sleep(100);
  }
  check((await fetch(base + "/healthz")).ok, "the host answers /healthz");

  browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox", "--headless=new"] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("dialog", (d) => d.accept());  // the confirmations of control buttons
  await page.goto(base + "/");
  await page.waitForSelector("#login", { state: "visible", timeout: 10000 });
  check(await page.isVisible("#login"), "without a token the console asks for one");

  // Read-only: the graph and live fills appear; the kill switch is refused.
  await page.fill("#token", read);
  await page.click("#login button");
  await page.waitForSelector('svg#graph rect[data-instance="venue"]', { timeout: 15000 });
  check(await page.locator("svg#graph rect").count() >= 4, "the pipeline graph shows the deployment's instances");
  check(await page.locator("svg#graph path").count() >= 4, "the pipeline graph shows its edges");
  await page.waitForSelector("#fills tbody tr[data-fill]", { timeout: 20000 });
  const firstFills = await page.locator("#fills tbody tr").count();
  check(firstFills > 0, "a live fill appears");
  await page.waitForFunction((n) => document.querySelectorAll("#fills tbody tr").length > n || n >= 200, firstFills, { timeout: 20000 });
  check(true, "more fills stream in");
  check((await page.textContent("#instances")).includes("paper"), "the instances table lists the plugins");
  await page.waitForFunction(() => /venue\s*USD/.test(document.querySelector("#balances tbody").textContent), null, { timeout: 10000 });
  check(true, "the balances table shows the paper venue's cash");
  await page.click("#engage");
  await page.waitForFunction(() => document.getElementById("message").textContent.startsWith("refused"), null, { timeout: 5000 });
  check((await page.textContent("#message")).includes("403"), "the read-only token's kill switch is refused with 403");
  check((await api("/killswitch", control)).text.includes('"engaged":false'), "the kill switch stayed off");

  // Control: the kill switch engages.
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.waitForSelector("#login", { state: "visible", timeout: 10000 });
  await page.fill("#token", control);
  await page.click("#login button");
  await page.waitForSelector('svg#graph rect[data-instance="venue"]', { timeout: 15000 });
  await page.waitForSelector("#fills tbody tr[data-fill]", { timeout: 20000 });
  await page.click("#engage");
  await page.waitForFunction(() => document.getElementById("kill").textContent.includes("ENGAGED"), null, { timeout: 5000 });
  check((await api("/killswitch", read)).text.includes('"engaged":true'), "the control token's kill switch engaged");
  await sleep(1500);  // a PnL chart with a few points for the screenshot
  await page.screenshot({ path: join(outDir, "console.png"), fullPage: true });
  console.log("screenshot: " + join(outDir, "console.png"));
} catch (e) {
  failed = true;
  console.error(e.stack || String(e));
  console.error("--- host output ---\n" + hostOutput);
  try { console.error("--- host log ---\n" + readFileSync(join(dir, "host.log"), "utf8").slice(-4000)); } catch { /* none */ }
} finally {
  if (browser) await browser.close();
  try { await api("/stop", control, "POST"); } catch { /* already gone */ }
  const exited = await Promise.race([new Promise((r) => host.on("exit", () => r(true))), sleep(15000).then(() => false)]);
  if (!exited) { host.kill("SIGKILL"); failed = true; console.error("the host did not stop"); }
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
