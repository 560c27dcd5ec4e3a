// The page's handle on the board in the worker. Messages to the worker: start {image},
// input {bytes}, stop, run {code}, reset, factory, fs {id, op, args}, part-input {...}.
// From it: ready, pong, output {bytes}, state {state}, flash {image}, fs-reply {id, ok, value|error},
// notice {text}, crash {message}, parts {parts: {id: state}}, vcd {text}.
//
// If the worker stops answering (stuck inside one VM call) or crashes, it is ended and a new
// one starts from the last saved flash: Stop always works.

/** How long Stop waits for the board to stop, and Ctrl-C for the worker to answer at all,
 *  before the worker is replaced. */
const STOP_TIMEOUT_MS = 2500;

export class BoardClient {
  /**
   * @param {object} hooks onOutput(bytes), onState(state), onFlash(image), onNotice(text),
   *   onReady()
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.worker = null;
    this.image = null;
    this.diagram = '';
    this.vcdWaiters = [];
    this.state = 'starting';
    this.pending = new Map();
    this.queue = [];
    this.nextId = 1;
    this.stopTimer = null;
    this.pingTimer = null;
  }

  /** Starts (or restarts) the board with a flash image (or blank); main.py runs unless
   *  `runMain` is false. */
  start(image, runMain = true) {
    if (image) this.image = image;
    if (this.worker) this.worker.terminate();
    clearTimeout(this.pingTimer);
    this.pingTimer = null;
    this.clearStopTimer();
    for (const { reject } of this.pending.values()) reject(new Error('the board restarted'));
    this.pending.clear();
    // Until the new board is ready, what the page sends waits here (keys typed meanwhile
    // included).
    this.queue = [];
    this.worker = new Worker('worker.js', { type: 'module' });
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.restart(`the board's worker failed: ${event.message}`);
    };
    const copy = this.image ? this.image.slice(0) : null;
    this.worker.postMessage({ type: 'start', image: copy, runMain, diagram: this.diagram }, copy ? [copy] : []);
  }

  restart(why) {
    // Without main.py, which may be what hung or crashed it.
    this.hooks.onNotice(`${why}; the board was restarted from its saved flash.`);
    this.start(null, false);
  }

  receive(data) {
    switch (data.type) {
      case 'ready':
        for (const [message, transfer] of this.queue.splice(0)) this.worker.postMessage(message, transfer);
        this.queue = null;
        this.hooks.onReady();
        break;
      case 'pong':
        clearTimeout(this.pingTimer);
        this.pingTimer = null;
        break;
      case 'output':
        this.hooks.onOutput(data.bytes);
        break;
      case 'state':
        this.state = data.state;
        if (data.state === 'idle') this.clearStopTimer();
        this.hooks.onState(data.state);
        break;
      case 'flash':
        this.image = data.image.buffer;
        this.hooks.onFlash(this.image);
        break;
      case 'fs-reply': {
        const call = this.pending.get(data.id);
        this.pending.delete(data.id);
        if (call) data.ok ? call.resolve(data.value) : call.reject(new Error(data.error));
        break;
      }
      case 'vcd':
        for (const resolve of this.vcdWaiters.splice(0)) resolve(data.text);
        break;
      case 'parts':
        this.hooks.onParts?.(data.parts);
        break;
      case 'notice':
        this.hooks.onNotice(data.text);
        break;
      case 'crash':
        this.restart(`the board crashed (${data.message})`);
        break;
      default:
        break;
    }
  }

  send(message, transfer = []) {
    if (this.queue) this.queue.push([message, transfer]);
    else this.worker.postMessage(message, transfer);
  }

  input(bytes) {
    this.send({ type: 'input', bytes });
    // Ctrl-C must always work: a worker stuck inside one VM call never answers the ping.
    if (bytes.includes(3) && !this.pingTimer && !this.queue) {
      this.send({ type: 'ping' });
      this.pingTimer = setTimeout(() => {
        this.pingTimer = null;
        this.restart('the board did not answer Ctrl-C');
      }, STOP_TIMEOUT_MS);
    }
  }

  /** Ctrl-C; a program that ignores it is reset, and a worker that does not answer replaced. */
  stop() {
    this.send({ type: 'stop' });
    this.clearStopTimer();
    // A board still starting runs nothing yet: the Stop waits in the queue with the rest.
    if (this.queue) return;
    // Until the worker says otherwise: a stuck worker says nothing.
    this.state = 'stopping';
    this.stopTimer = setTimeout(() => {
      this.stopTimer = null;
      if (this.state !== 'idle') this.restart('the board did not stop');
    }, STOP_TIMEOUT_MS);
  }

  clearStopTimer() {
    clearTimeout(this.stopTimer);
    this.stopTimer = null;
  }

  run(code) {
    this.clearStopTimer();
    this.send({ type: 'run', code });
  }

  reset() {
    this.clearStopTimer();
    this.send({ type: 'reset' });
  }

  factoryReset() {
    this.clearStopTimer();
    this.send({ type: 'factory' });
  }

  /** Rewires the board (diagram.json text); kept for restarts. */
  setDiagram(diagram) {
    this.diagram = diagram;
    if (this.worker) this.send({ type: 'diagram', diagram });
  }

  /** The trace since the last reset, as VCD text. */
  vcd() {
    return new Promise((resolve) => {
      this.vcdWaiters.push(resolve);
      this.send({ type: 'vcd' });
    });
  }

  /** An input to a part of the virtual board: {part, action, property?, value?}. */
  partInput(event) {
    this.send({ type: 'part-input', event });
  }

  /** A file-system operation: list, read, write, rename, remove, mkdir. */
  fs(op, ...args) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ type: 'fs', id, op, args });
    });
  }
}
