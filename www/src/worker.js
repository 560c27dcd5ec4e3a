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

let board = null;
const startedAt = performance.now();
let timer = null;
let yieldPending = false;
let lastState = '';
let stopDeadline = 0;
let savedGeneration = -1;

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
    do {
      board.set_time_us(nowUs());
      state = board.run(BUDGET);
    } while (state === 'busy' && performance.now() < end);
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
  if (state === 'busy') {
    schedule(0);
  } else if (state === 'sleeping') {
    const ms = (board.sleeping_until_us() - nowUs()) / 1000;
    schedule(stopDeadline ? Math.min(ms, 50) : ms);
  } else if (stopDeadline) {
    schedule(50);
  }
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

async function start(image, runMain) {
  await init({ module_or_path: new URL('esprit_web_bg.wasm', self.location.href) });
  try {
    board = new Board(image ? new Uint8Array(image) : undefined, runMain);
  } catch (e) {
    // A kept image the board refuses: start blank rather than not at all.
    postMessage({ type: 'notice', text: `The saved flash was not usable (${e.message}); starting blank.` });
    board = new Board(undefined, runMain);
  }
  savedGeneration = board.flash_generation();
  setInterval(saveFlash, SAVE_EVERY_MS);
  postMessage({ type: 'ready' });
  step();
}

self.onmessage = ({ data }) => {
  if (data.type === 'start') {
    start(data.image, data.runMain !== false).catch(crash);
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
      case 'part-input':
        // The virtual board's inputs (buttons, pots) arrive with the board simulation.
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
