// The logic analyzer: the board's trace (VCD from the worker) drawn as one row per chosen
// signal over the last few seconds of virtual time, refreshed while it is open.

const WINDOW_US = 2_000_000;
const ROW = 22;

/** Signals of a VCD text: {signals: Map(name -> [[timeUs, value]]), endUs}. */
export function parseVcd(text) {
  const names = new Map();
  const signals = new Map();
  let now = 0;
  for (const line of text.split('\n')) {
    const v = /^\$var \S+ \d+ (\S+) (\S+) \$end/.exec(line);
    if (v) {
      names.set(v[1], v[2]);
      signals.set(v[2], []);
    } else if (line.startsWith('#')) {
      now = Number(line.slice(1));
    } else if (/^[01]\S/.test(line)) {
      signals.get(names.get(line.slice(1)))?.push([now, Number(line[0])]);
    } else if (line.startsWith('r')) {
      const [value, id] = line.slice(1).split(' ');
      signals.get(names.get(id))?.push([now, Number(value)]);
    }
  }
  return { signals, endUs: now };
}

export class LogicAnalyzer {
  /**
   * @param {HTMLElement} parent where the analyzer goes (hidden until opened)
   * @param {() => Promise<string>} vcd the trace now
   */
  constructor(parent, vcd) {
    this.parent = parent;
    this.vcd = vcd;
    this.timer = null;
    this.pins = parent.querySelector('#logic-pins');
    this.canvas = parent.querySelector('#logic-canvas');
  }

  toggle() {
    this.parent.hidden = !this.parent.hidden;
    clearInterval(this.timer);
    if (!this.parent.hidden) {
      this.refresh();
      this.timer = setInterval(() => this.refresh(), 250);
    }
  }

  /** The signals to show: those the pin box names (GPIO numbers), else every GPIO seen. */
  chosen(signals) {
    const wanted = this.pins.value
      .split(/[\s,]+/)
      .filter((p) => /^\d+$/.test(p))
      .map((p) => `GPIO${p}`);
    const names = [...signals.keys()].filter((n) => /^GPIO\d+(\.duty)?$/.test(n));
    return wanted.length ? wanted.filter((n) => signals.has(n)) : names.slice(0, 8);
  }

  async refresh() {
    const { signals, endUs } = parseVcd(await this.vcd());
    const names = this.chosen(signals);
    const canvas = this.canvas;
    const width = canvas.clientWidth || 400;
    canvas.width = width;
    canvas.height = Math.max(1, names.length) * ROW + 16;
    canvas.dataset.signals = names.join(' ');
    const g = canvas.getContext('2d');
    g.fillStyle = '#111';
    g.fillRect(0, 0, canvas.width, canvas.height);
    // The window ends now; before power-on (start < 0) the lines are flat.
    const start = endUs - WINDOW_US;
    const label = 70;
    const x = (t) => label + ((t - start) / WINDOW_US) * (width - label - 4);
    g.font = '11px monospace';
    names.forEach((name, row) => {
      const top = row * ROW + 4;
      g.fillStyle = '#b0bec5';
      g.fillText(name, 4, top + 13);
      g.strokeStyle = '#66bb6a';
      g.beginPath();
      const changes = signals.get(name) ?? [];
      const level = (v) => top + (1 - Math.min(1, Math.max(0, v))) * (ROW - 8);
      let value = 0;
      for (const [t, v] of changes) if (t <= start) value = v;
      g.moveTo(label, level(value));
      for (const [t, v] of changes) {
        if (t <= start) continue;
        g.lineTo(x(t), level(value));
        g.lineTo(x(t), level(v));
        value = v;
      }
      g.lineTo(width - 4, level(value));
      g.stroke();
    });
    g.fillStyle = '#78909c';
    g.fillText(`${(Math.max(0, start) / 1e6).toFixed(2)} s`, x(Math.max(0, start)), canvas.height - 3);
    g.fillText(`${(endUs / 1e6).toFixed(2)} s`, width - 60, canvas.height - 3);
  }
}
