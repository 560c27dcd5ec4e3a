// `cargo xtask bench` runs this: every program under programs/ on every interpreter, rounds
// alternating between interpreters so a slow moment of the machine hits them all alike; then
// heap per object shape, wasm size, start-up time and firmware size; then the Markdown report.
//
// node run.mjs --esprit BIN --esprit-wasm PKG.js [--python python3] [--rounds N]
//              [--firmware-elf ELF] [--firmware-image BIN] [--out FILE.md] [--command TEXT]
import { readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { espritNative, cpython, micropythonWasm } from "./lib/peers.mjs";
import { espritWasm } from "./lib/esprit-wasm.mjs";
import { firmwareSizes } from "./lib/elf.mjs";
import { median } from "./lib/stats.mjs";
import { renderReport } from "./lib/report.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const rounds = Number(args.rounds ?? 5);

const mp = micropythonWasm();
const wasm = await espritWasm(args["esprit-wasm"]);
const peers = [espritNative(args.esprit), wasm, mp, cpython(args.python ?? "python3")];

const programsDir = path.join(here, "programs");
const programs = readdirSync(programsDir).filter((f) => f.endsWith(".py")).sort();
const times = {}; // program -> peer name -> [seconds]
const wrong = []; // programs whose output differs from CPython's
for (const program of programs) {
  const file = path.join(programsDir, program);
  times[program] = Object.fromEntries(peers.map((p) => [p.name, []]));
  let expected = null;
  for (let round = 0; round < rounds; round++) {
    // Rotate who goes first so no interpreter always runs on a cold or a warm machine.
    for (let k = 0; k < peers.length; k++) {
      const peer = peers[(round + k) % peers.length];
      const { stdout, seconds } = await peer.run(file);
      if (peer.name === "CPython") expected ??= stdout;
      times[program][peer.name].push({ seconds, stdout });
    }
  }
  for (const peer of peers) {
    const outputs = new Set(times[program][peer.name].map((r) => r.stdout));
    if (outputs.size !== 1 || !outputs.has(expected)) wrong.push(`${program} on ${peer.name}`);
    times[program][peer.name] = median(times[program][peer.name].map((r) => r.seconds));
  }
  process.stderr.write(`${program}: ${peers.map((p) => `${p.name} ${times[program][p.name].toFixed(3)}s`).join(", ")}\n`);
}

const memory = {
  esprit: parseMemory(spawnSync(args.esprit, ["run", path.join(here, "memory.py")], { encoding: "utf8" }).stdout),
  micropython: parseMemory((await mp.run(path.join(here, "memory.py"))).stdout),
};

const startup = {
  esprit: median(await repeat(5, () => wasm.startup())),
  micropython: median(await repeat(5, () => mp.startup())),
};

const wasmSize = {
  esprit: sizes(readFileSync(wasm.wasmPath)),
  micropython: sizes(readFileSync(mp.wasmPath)),
};

let firmware = null;
if (args["firmware-elf"]) {
  firmware = firmwareSizes(args["firmware-elf"]);
  if (args["firmware-image"]) firmware.image = statSync(args["firmware-image"]).size;
}

const report = renderReport({ programs, peers: peers.map((p) => p.name), times, wrong, memory, startup, wasmSize, firmware, rounds, command: args.command ?? "cargo xtask bench" });
if (args.out) writeFileSync(args.out, report);
process.stdout.write(report);
if (wrong.length) {
  process.stderr.write(`wrong output: ${wrong.join("; ")}\n`);
  process.exit(1);
}

function parseArgs(list) {
  const out = {};
  for (let i = 0; i < list.length; i += 2) {
    if (!list[i].startsWith("--") || list[i + 1] === undefined) throw new Error(`bad argument ${list[i]}`);
    out[list[i].slice(2)] = list[i + 1];
  }
  for (const required of ["esprit", "esprit-wasm"]) {
    if (!out[required]) throw new Error(`--${required} is required`);
  }
  return out;
}

function parseMemory(text) {
  const out = {};
  for (const line of text.trim().split("\n")) {
    const [name, bytes] = line.split(" ");
    out[name] = Number(bytes);
  }
  return out;
}

async function repeat(n, f) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await f());
  return out;
}

function sizes(bytes) {
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
