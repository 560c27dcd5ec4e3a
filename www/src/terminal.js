// The board's console: xterm.js, with keys going to the board as bytes.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';

export class Console {
  constructor(parent, onInput) {
    this.term = new Terminal({
      convertEol: false,
      cursorBlink: true,
      fontSize: 14,
      scrollback: 5000,
      theme: { background: '#1e1e1e' },
    });
    this.fit = new FitAddon();
    this.term.loadAddon(this.fit);
    this.term.open(parent);
    this.fit.fit();
    new ResizeObserver(() => this.fit.fit()).observe(parent);
    const encoder = new TextEncoder();
    this.term.onData((data) => onInput(encoder.encode(data)));
    // Pasted text goes to the board as typed; the friendly REPL's paste mode is Ctrl-E.
    this.term.onBinary((data) => onInput(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));
  }

  write(bytes) {
    this.term.write(bytes);
  }

  /** A line from the page (not the board), dimmed so it is not taken for board output. */
  note(text) {
    this.term.write(`\r\n\x1b[2m[${text.replace(/[\x00-\x1f\x7f]/g, ' ')}]\x1b[0m\r\n`);
  }

  focus() {
    this.term.focus();
  }

  /** The text on screen and in the scrollback, for the tests and for copying. */
  get text() {
    const buffer = this.term.buffer.active;
    const lines = [];
    for (let i = 0; i < buffer.length; i++) {
      lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    }
    return lines.join('\n');
  }
}
