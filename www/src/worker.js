// The board's thread: the wasm VM runs here on virtual time paced to the wall clock, in short
// slices, so the page never waits on Python and a message (a key, Stop) is handled between
// slices. Messages are described in board-client.js, which is the other end.
import init, { Board } from 'esprit-web';

/** Bytecodes per call into the VM: small enough that a slice ends within a few ms. */
const BUDGET = 20_000;
/** How long one slice may run before the worker looks at its messages again. */
const SLICE_MS = 8;
/** After Stop, how long a program may ignore Ctrl-C before the board is reset. */
const STOP_GRACE_MS = 1000;
/** How often the flash is checked for changes to save. */
const SAVE_EVERY_MS = 400;
/** The board panel is redrawn at most this often. */
const PARTS_EVERY_MS = 33;

let board = null;
const startedAt = performance.now();
let timer = null;
let yieldPending = false;
let lastState = '';
/** What the last call to run() said (lastState is what the page was told). */
let lastRun = '';
let stopDeadline = 0;
let savedGeneration = -1;
let lastParts = '';
let partsPostedAt = 0;
let partsTimer = null;

const nowUs = () => (performance.now() - startedAt) * 1000;

// setTimeout(0) is clamped to 4 ms when nested; a message to ourselves is not.
const wake = new MessageChannel();
wake.port1.onmessage = () => {
  yieldPending = false;
  step();
};

function schedule(ms) {
  clearTimeout(timer);
  timer = null;
  if (ms <= 0) {
    if (!yieldPending) {
      yieldPending = true;
      wake.port2.postMessage(0);
    }
  } else {
    timer = setTimeout(step, ms);
  }
}

function crash(error) {
  board = null;
  clearTimeout(timer);
  postMessage({ type: 'crash', message: String(error && error.message ? error.message : error) });
}

function step() {
  if (!board) return;
  clearTimeout(timer);
  timer = null;
  let state;
  try {
    const end = performance.now() + SLICE_MS;
    for (;;) {
      // Virtual time follows the wall clock, except that a sleep ends at its own time even
      // when the worker wakes late: the program sees exact periods, and the clock catches up.
      const wakeAt = board.wake_at_us();
      board.set_time_us(lastRun === 'busy' ? nowUs() : Math.min(nowUs(), wakeAt));
      state = board.run(BUDGET);
      lastRun = state;
      if (performance.now() >= end) break;
      if (state !== 'busy' && !(board.wake_at_us() <= nowUs())) break;
    }
    if (stopDeadline && state === 'idle') {
      stopDeadline = 0;
    } else if (stopDeadline && performance.now() > stopDeadline) {
      // The program caught KeyboardInterrupt and went on: Stop still stops it.
      stopDeadline = 0;
      board.reset_to_repl();
      postMessage({ type: 'notice', text: 'The program ignored Ctrl-C: the board was reset.' });
      state = 'busy';
    }
    flushOutput();
  } catch (e) {
    crash(e);
    return;
  }
  if (state !== lastState) {
    lastState = state;
    postMessage({ type: 'state', state });
  }
  postParts();
  if (state === 'busy') {
    schedule(0);
    return;
  }
  // Asleep, idle or waiting for input, the board may still have work of its own (a button
  // bouncing, a scheduled input): wake for whichever comes first.
  let ms = (board.wake_at_us() - nowUs()) / 1000;
  if (stopDeadline) ms = Math.min(ms, 50);
  if (Number.isFinite(ms)) schedule(ms);
}

// The parts' state, when it changed, at most every PARTS_EVERY_MS.
function postParts() {
  if (!board || partsTimer) return;
  const json = board.parts_json();
  if (json === lastParts) return;
  const wait = partsPostedAt + PARTS_EVERY_MS - performance.now();
  if (wait > 0) {
    partsTimer = setTimeout(() => {
      partsTimer = null;
      postParts();
    }, wait);
    return;
  }
  lastParts = json;
  partsPostedAt = performance.now();
  postMessage({ type: 'parts', parts: JSON.parse(json) });
}

function flushOutput() {
  const bytes = board.take_output();
  if (bytes.length) postMessage({ type: 'output', bytes }, [bytes.buffer]);
}

function saveFlash() {
  if (!board) return;
  try {
    const generation = board.flash_generation();
    if (generation === savedGeneration) return;
    savedGeneration = generation;
    const image = board.flash_image();
    postMessage({ type: 'flash', image }, [image.buffer]);
  } catch (e) {
    crash(e);
  }
}

function fileOp(op, args) {
  switch (op) {
    case 'list':
      return board.list_files();
    case 'read':
      return board.read_file(args[0]);
    case 'write':
      return board.write_file(args[0], args[1]);
    case 'rename':
      return board.rename(args[0], args[1]);
    case 'remove':
      return board.remove(args[0]);
    case 'mkdir':
      return board.mkdir(args[0]);
    default:
      throw new Error(`unknown file operation ${op}`);
  }
}

async function start(image, runMain, diagram) {
  await init({ module_or_path: new URL('esprit_web_bg.wasm', self.location.href) });
  try {
    board = new Board(image ? new Uint8Array(image) : undefined, runMain, diagram);
  } catch (e) {
    // A kept image the board refuses: start blank rather than not at all.
    postMessage({ type: 'notice', text: `The saved flash was not usable (${e.message}); starting blank.` });
    board = new Board(undefined, runMain, diagram);
  }
  const diagramError = board.diagram_error();
  if (diagramError) postMessage({ type: 'notice', text: `${diagramError}; the board is a bare DevKit` });
  savedGeneration = board.flash_generation();
  setInterval(saveFlash, SAVE_EVERY_MS);
  postMessage({ type: 'ready' });
  step();
}

self.onmessage = ({ data }) => {
  if (data.type === 'start') {
    start(data.image, data.runMain !== false, data.diagram ?? '').catch(crash);
    return;
  }
  if (data.type === 'ping') {
    postMessage({ type: 'pong' });
    return;
  }
  if (!board) return;
  try {
    switch (data.type) {
      case 'input':
        board.feed(data.bytes);
        break;
      case 'stop':
        board.feed(new Uint8Array([3]));
        stopDeadline = performance.now() + STOP_GRACE_MS;
        // The page waits to hear the state after a Stop, changed or not.
        lastState = '';
        break;
      case 'run':
        stopDeadline = 0;
        board.run_main(data.code);
        break;
      case 'reset':
        stopDeadline = 0;
        board.reset();
        break;
      case 'factory':
        stopDeadline = 0;
        board.factory_reset();
        saveFlash();
        break;
      case 'fs':
        try {
          const value = fileOp(data.op, data.args);
          postMessage({ type: 'fs-reply', id: data.id, ok: true, value });
        } catch (e) {
          if (e instanceof WebAssembly.RuntimeError) throw e;
          postMessage({ type: 'fs-reply', id: data.id, ok: false, error: String(e.message ?? e) });
        }
        saveFlash();
        break;
      case 'part-input': {
        const { part, action, property, value } = data.event;
        try {
          board.part_input(String(part), String(action), property ?? undefined, Number(value ?? 0));
        } catch (e) {
          if (e instanceof WebAssembly.RuntimeError) throw e;
          postMessage({ type: 'notice', text: e.message });
        }
        break;
      }
      case 'diagram':
        try {
          board.set_diagram(data.diagram);
        } catch (e) {
          if (e instanceof WebAssembly.RuntimeError) throw e;
          postMessage({ type: 'notice', text: `${e.message}; the board is wired as before` });
        }
        break;
      case 'vcd':
        postMessage({ type: 'vcd', text: board.vcd() });
        break;
      default:
        return;
    }
  } catch (e) {
    crash(e);
    return;
  }
  step();
};
