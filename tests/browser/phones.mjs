// Plays the phones of the screenshot tour's class vote in a real browser (Debian's chromium, driven by
// playwright-core), end to end, in Chinese then in English.
//
// The tour (src/game/tour.rs) writes $GOODWILL_SCREENSHOTS/class-vote-LANG.json ({url, code, roster,
// lang}) when its lobby opens, waits for GOODWILL_TOUR_PHONES phones to join, and at each step waits until
// every phone voted (the vote then closes by itself). This script is those phones: each joins as a roster
// name, votes at every step (two the same answer, one another), one changes its vote, one reloads mid-case
// and must find its seat, step and vote; all go on to the finished screen. It asserts every phone saw every
// step and the ending, and saves the phone pages as $GOODWILL_SCREENSHOTS/phone-*-LANG.png.
//
// usage: GOODWILL_SCREENSHOTS=DIR [GOODWILL_TOUR_PHONES=3] [CHROMIUM=/usr/bin/chromium] node phones.mjs
//   PHONES_LANGS=zh,en        the languages the tour plays, in its order
//   PHONES_WAIT_SECONDS=2400  the longest wait for the tour to reach the vote (it tours every screen first)
//   PHONES_STEP_SECONDS=300   the longest wait for the projector between two steps

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const dir = process.env.GOODWILL_SCREENSHOTS;
if (!dir) {
  fail("set GOODWILL_SCREENSHOTS to the tour's screenshot folder");
}
const phoneCount = Number(process.env.GOODWILL_TOUR_PHONES || "3");
if (!Number.isInteger(phoneCount) || phoneCount < 3) {
  // Two phones agree, one differs, one changes its vote, one reloads: three phones at least.
  fail(`GOODWILL_TOUR_PHONES must be a whole number of phones, 3 or more, not ${process.env.GOODWILL_TOUR_PHONES}`);
}
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const langs = (process.env.PHONES_LANGS || "zh,en").split(",").map((l) => l.trim()).filter(Boolean);
const tourWait = 1000 * Number(process.env.PHONES_WAIT_SECONDS || "2400");
const stepWait = 1000 * Number(process.env.PHONES_STEP_SECONDS || "300");
// Phones of common sizes: the first is the one whose pages are saved.
const SIZES = [
  { width: 390, height: 844 },
  { width: 390, height: 844 },
  { width: 360, height: 740 },
];
const started = Date.now();

function fail(message) {
  console.error(`phones: ${message}`);
  process.exit(1);
}
function log(message) {
  console.log(`phones [${((Date.now() - started) / 1000).toFixed(0)} s]: ${message}`);
}
function check(condition, message) {
  if (!condition) {
    throw new Error(`assertion failed: ${message}`);
  }
}

/// Waits (bounded) until `ready()` returns something truthy, polling; returns it.
async function until(what, ready, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await ready();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/// A file the tour wrote during this run (an older one is a leftover of another run).
function freshFile(file) {
  try {
    const info = statSync(file);
    return info.size > 0 && info.mtimeMs >= started - 5000;
  } catch {
    return false;
  }
}

/// Starts chromium with a fresh profile and connects to it over the DevTools protocol.
async function startBrowser() {
  if (!existsSync(browserPath)) {
    fail(`no browser at ${browserPath} (apt-get install chromium, or set CHROMIUM)`);
  }
  const profile = mkdtempSync(path.join(tmpdir(), "goodwill-phones-"));
  const child = spawn(
    browserPath,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  const endpoint = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`chromium did not start:\n${stderr}`)), 60000);
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`chromium exited (${code}) before it listened:\n${stderr}`));
    });
  });
  const browser = await chromium.connectOverCDP(endpoint);
  const stop = async () => {
    await browser.close().catch(() => {});
    child.kill();
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
    rmSync(profile, { recursive: true, force: true });
  };
  return { browser, stop };
}

/// The room's address as the tour wrote it (the LAN address), or the same port on 127.0.0.1 when the
/// LAN address cannot be reached from here.
async function reachable(url) {
  const ok = async (base) => {
    try {
      const response = await fetch(new URL("healthz", base), { signal: AbortSignal.timeout(5000) });
      return response.ok;
    } catch {
      return false;
    }
  };
  if (await ok(url)) {
    return url;
  }
  const local = new URL(url);
  local.hostname = "127.0.0.1";
  if (await ok(local.href)) {
    log(`${url} is unreachable from here; using ${local.href}`);
    return local.href;
  }
  throw new Error(`the vote server answers neither at ${url} nor at ${local.href}`);
}

/// One phone: a browser context of its own (its own localStorage, so its own seat) and its page.
class Phone {
  constructor(number, name, page) {
    this.number = number;
    this.name = name;
    this.page = page;
    // Every step this phone was shown, in order, and whether it saw the ending.
    this.steps = [];
    this.finished = false;
    // Script errors the page threw: there must be none.
    this.errors = [];
  }

  phase() {
    return this.page.evaluate(() => document.body.getAttribute("data-phase"));
  }
  shownStep() {
    return this.page.evaluate(() => {
      const value = document.getElementById("voting").getAttribute("data-step");
      return value === "" || value === null ? null : Number(value);
    });
  }

  /// Waits until the page shows a step after `after` for voting, or the finished screen.
  async nextStep(after) {
    await this.page.waitForFunction(
      (after) => {
        const phase = document.body.getAttribute("data-phase");
        const step = Number(document.getElementById("voting").getAttribute("data-step"));
        const visible = !document.getElementById("voting").hidden;
        return phase === "finished" || (phase === "voting" && visible && step > after);
      },
      after,
      { timeout: stepWait, polling: 100 },
    );
    if ((await this.phase()) === "finished") {
      this.finished = true;
      return null;
    }
    const step = await this.shownStep();
    this.steps.push(step);
    return step;
  }

  answerTexts() {
    return this.page.locator("#options button.answer").allTextContents();
  }
  async selectedText() {
    const selected = this.page.locator("#options button.answer.selected");
    return (await selected.count()) === 1 ? (await selected.textContent()).trim() : null;
  }

  /// Taps the answer with this text (each phone's order is shuffled) and waits until the page shows it
  /// selected, which it does once the server has counted it.
  async vote(text) {
    const button = this.page.locator("#options button.answer").filter({ hasText: exact(text) });
    check((await button.count()) === 1, `${this.name} finds the answer "${text}" once`);
    await button.click();
    await this.page.waitForFunction(
      (text) => {
        const phase = document.body.getAttribute("data-phase");
        if (phase !== "voting") {
          // The vote closed at once (this was the last vote): the closed screen tells the vote.
          return phase === "closed" || phase === "outcome" || phase === "finished";
        }
        const selected = document.querySelector("#options button.answer.selected");
        return selected !== null && selected.textContent.trim() === text;
      },
      text,
      { timeout: stepWait, polling: 100 },
    );
  }

  async shot(name) {
    await this.page.screenshot({ path: path.join(dir, `${name}.png`) });
    log(`saved ${name}.png`);
  }
}

/// A regular expression matching exactly this text (a button's whole text, trimmed).
function exact(text) {
  return new RegExp(`^\\s*${escape(text)}\\s*$`);
}
function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/// Plays the phones through one language's class vote.
async function playVote(browser, lang) {
  const inviteFile = path.join(dir, `class-vote-${lang}.json`);
  log(`waiting for ${inviteFile}`);
  await until(`the tour's ${inviteFile}`, () => freshFile(inviteFile), tourWait);
  const invite = JSON.parse(readFileSync(inviteFile, "utf8"));
  check(invite.lang === lang, `the invite is in ${lang}: ${invite.lang}`);
  check(Array.isArray(invite.roster) && invite.roster.length >= phoneCount,
    `the roster has a name for each of ${phoneCount} phones: ${JSON.stringify(invite.roster)}`);
  const base = await reachable(invite.url);
  const address = `${base}?code=${encodeURIComponent(invite.code)}`;
  log(`${lang}: ${phoneCount} phones join ${address}`);

  const contexts = [];
  const phones = [];
  try {
    for (let i = 0; i < phoneCount; i++) {
      const size = SIZES[i % SIZES.length];
      const context = await browser.newContext({
        viewport: size,
        deviceScaleFactor: 1,
        isMobile: true,
        hasTouch: true,
        locale: lang === "zh" ? "zh-CN" : "en-GB",
      });
      contexts.push(context);
      const page = await context.newPage();
      const phone = new Phone(i + 1, invite.roster[i], page);
      page.on("pageerror", (error) => phone.errors.push(error.message));
      phones.push(phone);
    }

    // Joining: the code from the address fills the box and the names show; each phone takes its name.
    for (const phone of phones) {
      await phone.page.goto(address);
      const names = phone.page.locator("#names button");
      await until(`${phone.name}'s phone lists the ${invite.roster.length} names`,
        async () => (await names.count()) === invite.roster.length, 30000);
      if (phone.number === 1) {
        await phone.shot(`phone-join-${lang}`);
      }
      // The names seated before show as taken.
      for (const seated of phones.slice(0, phone.number - 1)) {
        const button = names.filter({ hasText: new RegExp(`^\\s*${escape(seated.name)}`) });
        check(await button.isDisabled(), `${phone.name}'s phone shows ${seated.name} as taken`);
      }
      await phone.page.locator("#names button").filter({ hasText: exact(phone.name) }).click();
      await phone.page.waitForFunction(() => document.body.getAttribute("data-phase") !== "join",
        null, { timeout: 30000 });
      check((await phone.page.locator("#me").textContent()).includes(phone.name),
        `${phone.name}'s phone says whose seat it is`);
    }
    log(`${lang}: seated ${phones.map((p) => p.name).join(", ")}`);
    await phones[0].shot(`phone-lobby-${lang}`);

    const shot = new Set();
    let step = -1;
    let reloaded = false;
    let changed = false;
    for (;;) {
      const shown = await Promise.all(phones.map((phone) => phone.nextStep(step)));
      if (shown.every((s) => s === null)) {
        break;
      }
      check(shown.every((s) => s === shown[0]),
        `every phone shows the same step: ${JSON.stringify(shown)}`);
      step = shown[0];
      const texts = await Promise.all(phones.map((phone) => phone.answerTexts()));
      const sorted = [...texts[0]].map((t) => t.trim()).sort();
      for (const [i, list] of texts.entries()) {
        check([...list].map((t) => t.trim()).sort().join("\n") === sorted.join("\n"),
          `phone ${i + 1} is offered the same answers at step ${step}`);
      }
      // Two phones (and the reloading one at first) vote `common`; the last phone votes `other`.
      const common = sorted[0];
      const other = sorted[1] ?? sorted[0];
      log(`${lang}: step ${step}: ${sorted.length} answers; the class votes "${common}", one phone "${other}"`);
      const [first, second] = phones;
      const middle = phones.slice(2, -1);
      const last = phones[phones.length - 1];
      // One phone changes its vote at the first step with a choice; the last phone reloads at a later
      // step (not the same one: each needs a vote still missing, so the step stays open meanwhile).
      const changeNow = !changed && other !== common;
      const reloadNow = !reloaded && step >= 1 && !changeNow;
      if (reloadNow) {
        // Mid-case, the last phone votes, then reloads: it must find its seat, this step and its vote,
        // then vote again (for its own answer this time).
        reloaded = true;
        await last.vote(common);
        await last.page.reload();
        await last.page.waitForFunction(
          (step) => document.body.getAttribute("data-phase") === "voting"
            && document.getElementById("voting").getAttribute("data-step") === String(step),
          step, { timeout: 30000, polling: 100 });
        check((await last.page.locator("#me").textContent()).includes(last.name),
          `after reloading, ${last.name}'s phone has its seat`);
        const kept = await last.selectedText();
        check(kept === common, `after reloading, ${last.name}'s phone shows its vote "${common}": ${kept}`);
        await last.vote(other);
        log(`${lang}: ${last.name} reloaded at step ${step}: same seat, step and vote; voted again`);
      }
      await first.vote(common);
      if (!shot.has("voting")) {
        shot.add("voting");
        // The vote in the middle of the screen, not half under the status bar where the tap left it.
        await first.page.locator("#options button.answer.selected")
          .evaluate((button) => button.scrollIntoView({ block: "center" }));
        await first.shot(`phone-voting-${lang}`);
      }
      for (const phone of middle) {
        await phone.vote(common);
      }
      if (changeNow) {
        changed = true;
        await second.vote(other);
        check((await second.selectedText()) === other, `${second.name}'s vote "${other}" shows`);
        await second.vote(common);
        check((await second.selectedText()) === common, `${second.name}'s changed vote "${common}" shows`);
        log(`${lang}: ${second.name} changed its vote at step ${step}`);
      } else if (!reloadNow) {
        await second.vote(common);
      }
      if (step === 0) {
        // The projector's "voting" shot shows the count while the vote is still open: the last vote
        // comes once it is taken (the vote closes when everyone voted).
        const projector = path.join(dir, `16-vote-voting-${lang}.png`);
        await until(`the projector's ${projector}`, () => freshFile(projector), stepWait);
      }
      if (!shot.has("narrow")) {
        // The smallest phone, before it votes: the longest answers on a narrow screen.
        shot.add("narrow");
        await last.shot(`phone-voting-narrow-${lang}`);
      }
      if (reloadNow) {
        await second.vote(common);
      } else {
        await last.vote(other);
      }
      // The step closes by itself: every phone shows it closed (or already what followed: the projector
      // may have played the answer and opened the next step by now).
      for (const phone of phones) {
        await phone.page.waitForFunction(
          (step) => document.body.getAttribute("data-phase") !== "voting"
            || document.getElementById("voting").getAttribute("data-step") !== String(step),
          step, { timeout: stepWait, polling: 100 });
      }
      if (!shot.has("closed") && (await first.phase()) === "closed") {
        shot.add("closed");
        await first.shot(`phone-closed-${lang}`);
      }
      if (!shot.has("outcome")) {
        await first.page.waitForFunction(
          () => document.body.getAttribute("data-phase") !== "closed", null,
          { timeout: stepWait, polling: 100 });
        if ((await first.phase()) === "outcome") {
          shot.add("outcome");
          await first.shot(`phone-outcome-${lang}`);
        }
      }
    }
    await phones[0].shot(`phone-finished-${lang}`);

    // What every phone saw: each step from the first, in order, then the ending.
    const expected = phones[0].steps;
    check(expected.length >= 2, `the case had several steps: ${JSON.stringify(expected)}`);
    check(expected.every((s, i) => s === i), `the steps came in order from 0: ${JSON.stringify(expected)}`);
    for (const phone of phones) {
      check(JSON.stringify(phone.steps) === JSON.stringify(expected),
        `${phone.name} saw every step ${JSON.stringify(expected)}: ${JSON.stringify(phone.steps)}`);
      check(phone.finished, `${phone.name} saw the finished screen`);
      check((await phone.page.locator("#end-title").textContent()).trim().length > 0,
        `${phone.name}'s finished screen has a title`);
    }
    check(reloaded, "a phone reloaded mid-case (the case had a second step)");
    check(changed, "a phone changed its vote");
    for (const phone of phones) {
      check(phone.errors.length === 0, `${phone.name}'s page threw no error: ${phone.errors.join("; ")}`);
    }
    for (const name of ["voting", "closed", "outcome"]) {
      check(shot.has(name), `the ${name} screen was seen and saved`);
    }
    log(`${lang}: ${phones.length} phones voted at steps ${JSON.stringify(expected)} and saw the ending`);
  } catch (error) {
    // What each phone showed when it went wrong.
    for (const phone of phones) {
      const seen = await phone.page.evaluate(() => ({
        phase: document.body.getAttribute("data-phase"),
        step: document.getElementById("voting").getAttribute("data-step"),
        status: document.getElementById("status").textContent,
      })).catch((e) => ({ unreadable: String(e) }));
      console.error(`phones: ${lang}: ${phone.name} saw steps ${JSON.stringify(phone.steps)}; now ${JSON.stringify(seen)}`);
      await phone.page.screenshot({ path: path.join(dir, `failed-phone-${phone.number}-${lang}.png`) }).catch(() => {});
    }
    throw error;
  } finally {
    for (const context of contexts) {
      await context.close().catch(() => {});
    }
  }
}

const { browser, stop } = await startBrowser();
// Stopped from outside (the screenshot check gave up): the browser goes too.
process.once("SIGTERM", () => {
  console.error("phones: stopped");
  stop().finally(() => process.exit(1));
});
try {
  for (const lang of langs) {
    await playVote(browser, lang);
  }
  log(`done: ${langs.join(", ")}`);
} catch (error) {
  console.error(`phones: ${error.stack || error}`);
  process.exitCode = 1;
} finally {
  await stop();
}
