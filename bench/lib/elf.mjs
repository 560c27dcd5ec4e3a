// Sizes of a firmware ELF: what goes to flash and what takes RAM before the heap, read from the
// section headers (ELF32, little-endian, as the ESP32 toolchains produce).
import { readFileSync } from "node:fs";

const SHF_ALLOC = 0x2;
// Internal SRAM as the data and instruction buses see it (ESP32-C3, then the classic ESP32):
// a section loaded there takes RAM, whatever its flags (IRAM code is not writable data).
const RAM_RANGES = [
  [0x3fc80000, 0x3fce0000],
  [0x40380000, 0x403e0000],
  [0x3ffae000, 0x40000000],
  [0x40070000, 0x400c0000],
];
const SHT_NOBITS = 8;

export function firmwareSizes(path) {
  const elf = readFileSync(path);
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 1 || elf[5] !== 1) {
    throw new Error(`${path} is not a little-endian ELF32 file`);
  }
  const shoff = elf.readUInt32LE(0x20);
  const shentsize = elf.readUInt16LE(0x2e);
  const shnum = elf.readUInt16LE(0x30);
  let flash = 0;
  let ram = 0;
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * shentsize;
    const type = elf.readUInt32LE(at + 4);
    const flags = elf.readUInt32LE(at + 8);
    const addr = elf.readUInt32LE(at + 12);
    const size = elf.readUInt32LE(at + 20);
    if (!(flags & SHF_ALLOC)) continue;
    // Initialised data lives in flash and is copied to RAM; .bss takes RAM only.
    if (type !== SHT_NOBITS) flash += size;
    if (RAM_RANGES.some(([lo, hi]) => addr >= lo && addr < hi)) ram += size;
  }
  return { flash, ram };
}
