// Finds where a program failed in the console output, so the editor can jump to the line.
// MicroPython prints `  File "main.py", line 3, in f` for each frame (and for a SyntaxError
// just `  File "main.py", line 3`), then the exception line.

const TRACEBACK = /Traceback \(most recent call last\):\r?\n((?: {2}.*\r?\n)+)([^\r\n]+)\r?\n/g;
const FRAME = /^ {2}File "([^"]*)", line (\d+)/;

/**
 * Reads console text as it arrives and reports each traceback's innermost frame in `file`.
 */
export class TracebackWatcher {
  constructor(onError) {
    this.onError = onError;
    this.text = '';
  }

  /** Feed console text; calls onError({file, line, message}) for each complete traceback. */
  push(chunk) {
    // Keep a bounded tail: a traceback is short, the console may not be.
    this.text = (this.text + chunk).slice(-8192);
    let last = 0;
    for (const match of this.text.matchAll(TRACEBACK)) {
      last = match.index + match[0].length;
      const frames = match[1]
        .split(/\r?\n/)
        .map((line) => FRAME.exec(line))
        .filter(Boolean)
        .map((m) => ({ file: m[1], line: Number(m[2]) }));
      if (frames.length) this.onError({ frames, message: match[2] });
    }
    if (last) this.text = this.text.slice(last);
  }
}

/** The innermost frame in `file` (frames run outermost first), or null. */
export function frameIn(frames, file) {
  const name = file.replace(/^\//, '');
  for (let i = frames.length - 1; i >= 0; i--) {
    if (frames[i].file.replace(/^\//, '') === name) return frames[i];
  }
  return null;
}
