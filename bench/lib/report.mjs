// The Markdown that `cargo xtask bench` writes into docs/PERFORMANCE.md.
import { geomean } from "./stats.mjs";

const GOAL_RATIO = 1.0;
const GOAL_WORST = 1.5;
const GOAL_GZIP = 300 * 1024;
const GOAL_STARTUP = 0.05;
const GOAL_IMAGE = 1024 * 1024;

export function renderReport(r) {
  const esprit = "esprit wasm";
  const peer = "MicroPython wasm";
  const ratios = r.programs.map((p) => r.times[p][esprit] / r.times[p][peer]);
  const lines = [];
  lines.push("# Performance");
  lines.push("");
  lines.push(`Measured by \`${r.command}\` (this file is its output; run it again to reproduce).`);
  lines.push(`Each program ran ${r.rounds} times per interpreter, rounds alternating between them; the`);
  lines.push("table shows medians in milliseconds. In-process interpreters (both wasm builds in Node,");
  lines.push("CPython) are timed around the program only; esprit native is the whole process.");
  lines.push("Ratio = esprit wasm / MicroPython wasm (below 1 is faster).");
  lines.push("");
  lines.push(`| program | ${r.peers.join(" | ")} | ratio |`);
  lines.push(`|---|${r.peers.map(() => "---:").join("|")}|---:|`);
  r.programs.forEach((p, i) => {
    const cells = r.peers.map((name) => (r.times[p][name] * 1000).toFixed(1));
    lines.push(`| ${p.replace(/\.py$/, "")} | ${cells.join(" | ")} | ${mark(ratios[i].toFixed(2), ratios[i] <= GOAL_WORST)} |`);
  });
  const gm = geomean(ratios);
  const worst = Math.max(...ratios);
  lines.push("");
  lines.push(`Geometric mean ratio: **${gm.toFixed(2)}** (goal at most ${GOAL_RATIO}: ${verdict(gm <= GOAL_RATIO)}); slowest program ${worst.toFixed(2)}x (goal at most ${GOAL_WORST}x: ${verdict(worst <= GOAL_WORST)}).`);
  if (r.wrong.length) lines.push(`\nWrong output (differs from CPython's): ${r.wrong.join("; ")}.`);
  lines.push("");
  lines.push("## Heap per object");
  lines.push("");
  lines.push("Bytes of `gc.mem_alloc()` a shape takes after a collection (bench/memory.py).");
  lines.push("");
  lines.push("| shape | esprit | MicroPython | goal met |");
  lines.push("|---|---:|---:|---|");
  for (const [name, bytes] of Object.entries(r.memory.micropython)) {
    const ours = r.memory.esprit[name];
    lines.push(`| ${name} | ${ours} | ${bytes} | ${verdict(ours <= bytes)} |`);
  }
  lines.push("");
  lines.push("## Size and start-up");
  lines.push("");
  lines.push("| figure | esprit | MicroPython | goal |");
  lines.push("|---|---:|---:|---|");
  lines.push(`| wasm raw | ${kb(r.wasmSize.esprit.raw)} | ${kb(r.wasmSize.micropython.raw)} | |`);
  lines.push(`| wasm gzip -9 | ${kb(r.wasmSize.esprit.gzip)} | ${kb(r.wasmSize.micropython.gzip)} | at most 300 KB: ${verdict(r.wasmSize.esprit.gzip <= GOAL_GZIP)} |`);
  lines.push(`| module load to REPL prompt in Node (median of 5) | ${ms(r.startup.esprit)} | ${ms(r.startup.micropython)} | under 50 ms: ${verdict(r.startup.esprit < GOAL_STARTUP)} |`);
  if (r.firmware) {
    if (r.firmware.image !== undefined) {
      lines.push(`| ESP32-C3 app image | ${kb(r.firmware.image)} | about 1.5 MB (ESP32) | under 1 MB: ${verdict(r.firmware.image < GOAL_IMAGE)} |`);
    }
    lines.push(`| ESP32-C3 firmware: flash (ELF sections) | ${kb(r.firmware.flash)} | | |`);
    lines.push(`| ESP32-C3 firmware: static RAM (data, bss, IRAM; includes the heap arena) | ${kb(r.firmware.ram)} | | |`);
  } else {
    lines.push("| ESP32-C3 firmware | not built in this run | | |");
  }
  lines.push("");
  return lines.join("\n");
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (seconds) => `${(seconds * 1000).toFixed(1)} ms`;
const verdict = (ok) => (ok ? "yes" : "**no**");
const mark = (text, ok) => (ok ? text : `**${text}**`);
