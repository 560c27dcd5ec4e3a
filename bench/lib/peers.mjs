// The interpreters the benchmark compares. Each peer runs one program and returns its stdout and
// the seconds the program itself took (in-process peers time only the run, not the start-up;
// the start-up is measured on its own).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { loadMicroPython } from "@micropython/micropython-webassembly-pyscript";

// Every peer gets the heap of an ESP32 without PSRAM (esprit's default), so none wins by
// collecting less often.
export const HEAP_BYTES = 128 * 1024;

/** esprit's host binary: the program runs in a fresh process (start-up is about a millisecond). */
export function espritNative(binary) {
  return {
    name: "esprit native",
    async run(file) {
      const start = performance.now();
      const r = spawnSync(binary, ["--heap", String(HEAP_BYTES), "run", file], { encoding: "utf8" });
      const seconds = (performance.now() - start) / 1000;
      if (r.status !== 0) throw new Error(`esprit failed on ${file}: ${r.stderr}`);
      return { stdout: r.stdout, seconds };
    },
  };
}

/** CPython: timed inside the interpreter, so its start-up and imports are not counted. */
export function cpython(python) {
  const timer =
    "import sys, time\n" +
    "src = open(sys.argv[1]).read()\n" +
    "code = compile(src, sys.argv[1], 'exec')\n" +
    "t = time.perf_counter()\n" +
    "exec(code, {'__name__': '__main__'})\n" +
    "sys.stderr.write('%.6f' % (time.perf_counter() - t))\n";
  return {
    name: "CPython",
    async run(file) {
      const r = spawnSync(python, ["-c", timer, file], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`python failed on ${file}: ${r.stderr}`);
      return { stdout: r.stdout, seconds: parseFloat(r.stderr) };
    },
  };
}

/** MicroPython's own WebAssembly build from npm, in this Node process. */
export function micropythonWasm() {
  return {
    name: "MicroPython wasm",
    async run(file) {
      let stdout = "";
      const mp = await loadMicroPython({
        heapsize: HEAP_BYTES,
        stdout: (line) => (stdout += line + "\n"),
        stderr: (line) => (stdout += line + "\n"),
      });
      const code = readFileSync(file, "utf8");
      const start = performance.now();
      mp.runPython(code);
      return { stdout, seconds: (performance.now() - start) / 1000 };
    },
    /** Seconds from loading the module to the REPL's first prompt. */
    async startup() {
      let text = "";
      const start = performance.now();
      const mp = await loadMicroPython({
        heapsize: HEAP_BYTES,
        linebuffer: false,
        stdout: (bytes) => (text += new TextDecoder().decode(bytes)),
      });
      mp.replInit();
      const seconds = (performance.now() - start) / 1000;
      if (!text.includes(">>> ")) throw new Error(`MicroPython printed no prompt: ${JSON.stringify(text)}`);
      return seconds;
    },
    wasmPath: new URL(
      "../node_modules/@micropython/micropython-webassembly-pyscript/micropython.wasm",
      import.meta.url,
    ),
  };
}
