// The Labs panel: pick a lab, read it beside the editor, load its starter and board, Check
// (the lab's checks run on a fresh virtual board in a worker, with the same engine as
// `esprit grade`), reveal hints one at a time, and keep progress in localStorage.
// `?lab=NAME` in the page's address opens a lab, so a teacher can hand a class one link.
import './labs.css';
import { renderMarkdown } from './markdown.js';

const PROGRESS_KEY = 'esprit-labs-progress';

function element(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

function loadProgress() {
  try {
    return JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? '{}') ?? {};
  } catch {
    return {};
  }
}

async function fetchText(url, optional = false) {
  const response = await fetch(url);
  if (!response.ok) {
    if (optional) return null;
    throw new Error(`${url}: ${response.status} ${response.statusText}`);
  }
  return response.text();
}

export class LabsPanel {
  /**
   * @param {object} hooks
   *   getCode() the editor's text;
   *   load(code, diagram, title) put a starter and its board on the page (async);
   *   notice(text) a status line.
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.labs = [];
    this.current = null;
    this.files = null;
    this.hintsShown = 0;
    this.pending = new Map();
    this.nextId = 1;
    this.worker = null;
    this.build();
  }

  build() {
    this.toggle = element('button', { id: 'labs-toggle', textContent: 'Labs', title: 'Teaching labs with automatic checks' });
    this.toggle.onclick = () => this.show(this.panel.hidden);
    document.querySelector('header')?.append(this.toggle);

    this.select = element('select', { id: 'lab-select', ariaLabel: 'Lab' });
    this.select.onchange = () => this.open(this.select.value).catch((e) => this.hooks.notice(e.message));
    this.loadButton = element('button', { id: 'lab-load', textContent: 'Load starter', title: 'Put the starter program and the board in the editor' });
    this.loadButton.onclick = () => this.loadStarter().catch((e) => this.hooks.notice(e.message));
    this.checkButton = element('button', { id: 'lab-check', textContent: '✓ Check', title: "Run this lab's checks on the editor's program" });
    this.checkButton.onclick = () => this.check().catch((e) => this.showError(e.message));
    this.hintButton = element('button', { id: 'lab-hint', textContent: 'Hint' });
    this.hintButton.onclick = () => this.revealHint();
    const close = element('button', { textContent: '×', title: 'Close', ariaLabel: 'Close the labs panel' });
    close.onclick = () => this.show(false);

    this.instructions = element('div', { id: 'lab-instructions' });
    this.hintList = element('ul', { id: 'lab-hints' });
    this.summary = element('p', { id: 'lab-summary', role: 'status' });
    this.results = element('ul', { id: 'lab-results' });
    this.panel = element(
      'aside',
      { id: 'labs-panel', hidden: true, ariaLabel: 'Labs' },
      element('div', { className: 'lab-bar' }, this.select, this.loadButton, this.checkButton, this.hintButton, close),
      this.instructions,
      this.hintList,
      this.summary,
      this.results,
    );
    document.body.append(this.panel);
  }

  show(visible) {
    this.panel.hidden = !visible;
    document.body.classList.toggle('labs-open', visible);
    if (visible && !this.labs.length) this.loadIndex().catch((e) => this.hooks.notice(e.message));
  }

  async loadIndex() {
    if (this.labs.length) return;
    const index = JSON.parse(await fetchText('labs/index.json'));
    this.labs = index.labs ?? [];
    this.renderOptions();
    if (!this.current && this.labs.length) await this.open(this.labs[0].id);
  }

  renderOptions() {
    const progress = loadProgress();
    this.select.replaceChildren(
      ...this.labs.map((lab) =>
        element('option', {
          value: lab.id,
          textContent: `${progress[lab.id] ? '✓' : '○'} ${lab.level}. ${lab.title}`,
          selected: lab.id === this.current,
        }),
      ),
    );
  }

  /** Shows a lab's instructions; with `loadStarter` also puts its starter and board on the page. */
  async open(id, { loadStarter = false } = {}) {
    await this.loadIndex();
    const lab = this.labs.find((l) => l.id === id);
    if (!lab) throw new Error(`There is no lab called '${id}'`);
    const base = `labs/${encodeURIComponent(id)}/`;
    const [readme, checks, diagram, starter, hints, scenario] = await Promise.all([
      fetchText(`${base}README.md`),
      fetchText(`${base}checks.toml`),
      fetchText(`${base}diagram.json`, true),
      fetchText(`${base}main.py`),
      fetchText(`${base}hints.md`, true),
      // Only labs whose index entry says so have a Wokwi scenario (no 404 to ask).
      lab.scenario ? fetchText(`${base}scenario.yaml`) : null,
    ]);
    this.current = id;
    this.files = { lab, checks, diagram, scenario, starter, hints: (hints ?? '').split('\n').filter((l) => /^\s*[-*]\s/.test(l)) };
    this.renderOptions();
    this.instructions.replaceChildren(renderMarkdown(readme));
    this.hintList.replaceChildren();
    this.hintsShown = 0;
    this.hintButton.disabled = this.files.hints.length === 0;
    this.hintButton.textContent = `Hint (${this.files.hints.length})`;
    this.summary.textContent = '';
    this.summary.className = '';
    this.results.replaceChildren();
    this.show(true);
    if (loadStarter) await this.loadStarter();
  }

  async loadStarter() {
    if (!this.files) return;
    const { lab, starter, diagram } = this.files;
    await this.hooks.load(starter, diagram ?? undefined, lab.title);
  }

  revealHint() {
    const hints = this.files?.hints ?? [];
    if (this.hintsShown >= hints.length) return;
    this.hintList.append(element('li', {}, renderMarkdown(hints[this.hintsShown].replace(/^\s*[-*]\s+/, ''))));
    this.hintsShown++;
    this.hintButton.textContent = `Hint (${hints.length - this.hintsShown})`;
    this.hintButton.disabled = this.hintsShown >= hints.length;
  }

  runChecks(program) {
    if (!this.worker) {
      this.worker = new Worker('labs-worker.js', { type: 'module' });
      this.worker.onmessage = ({ data }) => {
        const done = this.pending.get(data.id);
        this.pending.delete(data.id);
        if (!done) return;
        if (data.error) done.reject(new Error(data.error));
        else done.resolve(data.report);
      };
      this.worker.onerror = (e) => {
        for (const p of this.pending.values()) p.reject(new Error(e.message || 'the checker stopped'));
        this.pending.clear();
        this.worker = null;
      };
    }
    const id = this.nextId++;
    const { checks, diagram, scenario } = this.files;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, checks, diagram, scenario, program });
    });
  }

  async check() {
    if (!this.files) return;
    this.checkButton.disabled = true;
    this.summary.className = '';
    this.summary.textContent = 'Checking on a virtual board…';
    this.results.replaceChildren();
    try {
      const report = await this.runChecks(this.hooks.getCode());
      const passed = report.checks.filter((c) => c.passed).length;
      this.summary.className = report.passed ? 'pass' : 'fail';
      this.summary.textContent = report.passed
        ? `All ${report.checks.length} checks pass. Well done!`
        : `${passed} of ${report.checks.length} checks pass.`;
      this.results.replaceChildren(
        ...report.checks.map((c) =>
          element(
            'li',
            { className: `lab-result ${c.passed ? 'pass' : 'fail'}` },
            `${c.passed ? '✓' : '✗'} ${c.name}`,
            ...(c.passed ? [] : [element('span', { className: 'why', textContent: c.message })]),
          ),
        ),
      );
      if (report.passed) {
        const progress = loadProgress();
        progress[this.current] = Date.now();
        localStorage.setItem(PROGRESS_KEY, JSON.stringify(progress));
        this.renderOptions();
      }
      this.hooks.notice(this.summary.textContent);
    } finally {
      this.checkButton.disabled = false;
    }
  }

  showError(message) {
    this.summary.className = 'fail';
    this.summary.textContent = `The lab could not be checked: ${message}`;
  }

  /** Opens the lab named by `?lab=NAME`, if any; returns whether it did. */
  async openFromLink() {
    const id = new URLSearchParams(location.search).get('lab');
    if (!id) return false;
    try {
      await this.open(id, { loadStarter: true });
    } catch (e) {
      this.hooks.notice(e.message);
      return false;
    }
    return true;
  }
}
