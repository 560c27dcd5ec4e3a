// esprit's WebAssembly build (the `web` crate, as the page loads it) driven from Node: a
// simulated board whose console runs the program as main.py, exactly as the page's Run does.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

const SLICE = 1_000_000;

export async function espritWasm(pkgJs) {
  const wasmPath = pkgJs.replace(/\.js$/, "_bg.wasm");
  const glue = await load(pkgJs, 0, readFileSync(wasmPath));
  let loads = 0;
  return {
    name: "esprit wasm",
    wasmPath,
    async run(file) {
      const board = new glue.Board(undefined, false);
      drive(board);
      board.take_output();
      const source = readFileSync(file, "utf8");
      const start = performance.now();
      board.run_main(source);
      const text = drive(board);
      const seconds = (performance.now() - start) / 1000;
      board.free();
      return { stdout: programOutput(text), seconds };
    },
    /** Seconds from reading and instantiating the module to the REPL's first prompt. */
    async startup() {
      const start = performance.now();
      const fresh = await load(pkgJs, ++loads, readFileSync(wasmPath));
      const board = new fresh.Board(undefined, false);
      const text = drive(board);
      const seconds = (performance.now() - start) / 1000;
      if (!text.endsWith(">>> ")) throw new Error(`esprit printed no prompt: ${JSON.stringify(text)}`);
      board.free();
      return seconds;
    },
  };
}

/** A fresh copy of the glue module (ES modules are cached by URL) instantiated on `bytes`. */
async function load(pkgJs, n, bytes) {
  const glue = await import(`${pathToFileURL(pkgJs).href}?instance=${n}`);
  glue.initSync({ module: bytes });
  return glue;
}

/** Runs the board until its REPL waits for input, and returns what its console printed. */
function drive(board) {
  let out = "";
  const decoder = new TextDecoder();
  for (;;) {
    const state = board.run(SLICE);
    out += decoder.decode(board.take_output(), { stream: true });
    if (state === "idle") return out;
    if (state === "sleeping") board.set_time_us(board.sleeping_until_us());
    if (state === "input") throw new Error("the benchmark program asked for input");
  }
}

/** main.py's output: what comes before the banner the REPL prints after it, with `\n` ends. */
function programOutput(text) {
  const banner = text.lastIndexOf("MicroPython v");
  return (banner >= 0 ? text.slice(0, banner) : text).replaceAll("\r\n", "\n");
}
