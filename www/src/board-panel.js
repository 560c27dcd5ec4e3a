// The virtual board, drawn from diagram.json with Wokwi's elements: each part at its place,
// wires between its pins, inputs (buttons, switches, pots) sent to the board, and the parts'
// state from the board's simulation (LEDs, displays, servos...) shown as it changes.
// Everything in a diagram is data: part types pick from a fixed table of elements, and
// attributes are set by name only when the name is plain and not an event handler.
import '@wokwi/elements/dist/esm/esp32-devkit-v1-element.js';
import '@wokwi/elements/dist/esm/led-element.js';
import '@wokwi/elements/dist/esm/rgb-led-element.js';
import '@wokwi/elements/dist/esm/pushbutton-element.js';
import '@wokwi/elements/dist/esm/pushbutton-6mm-element.js';
import '@wokwi/elements/dist/esm/slide-switch-element.js';
import '@wokwi/elements/dist/esm/potentiometer-element.js';
import '@wokwi/elements/dist/esm/slide-potentiometer-element.js';
import '@wokwi/elements/dist/esm/resistor-element.js';
import '@wokwi/elements/dist/esm/servo-element.js';
import '@wokwi/elements/dist/esm/ssd1306-element.js';
import '@wokwi/elements/dist/esm/lcd1602-element.js';
import '@wokwi/elements/dist/esm/neopixel-element.js';
import '@wokwi/elements/dist/esm/led-ring-element.js';
import '@wokwi/elements/dist/esm/dht22-element.js';
import '@wokwi/elements/dist/esm/buzzer-element.js';
import '@wokwi/elements/dist/esm/ntc-temperature-sensor-element.js';
import '@wokwi/elements/dist/esm/photoresistor-sensor-element.js';
import '@wokwi/elements/dist/esm/hc-sr04-element.js';
import '@wokwi/elements/dist/esm/mpu6050-element.js';

export const DEFAULT_DIAGRAM = JSON.stringify(
  {
    version: 1,
    author: 'esprit',
    editor: 'esprit',
    parts: [{ type: 'wokwi-esp32-devkit-v1', id: 'esp', top: 0, left: 0, attrs: {} }],
    connections: [
      ['esp:TX0', '$serialMonitor:RX', '', []],
      ['esp:RX0', '$serialMonitor:TX', '', []],
    ],
    dependencies: {},
  },
  null,
  2,
);

/** Diagram part types drawn by another element of the same shape. */
const ALIASES = {
  'board-esp32-devkit-c-v4': 'wokwi-esp32-devkit-v1',
  'board-ssd1306': 'wokwi-ssd1306',
  'wokwi-lcd2004': 'wokwi-lcd1602',
};

/** The boards the picker offers (the simulator's MCU parts). */
export const BOARDS = [
  ['wokwi-esp32-devkit-v1', 'ESP32 DevKit v1'],
  ['board-esp32-devkit-c-v4', 'ESP32 DevKitC v4'],
  ['board-esp32-c3-devkitm-1', 'ESP32-C3 DevKitM-1'],
];

/** The diagram text with its MCU board replaced by `type`, or null when it has none. */
export function withBoard(text, type) {
  const diagram = JSON.parse(text);
  const mcu = (diagram.parts ?? []).find((p) => BOARDS.some(([t]) => t === p?.type));
  if (!mcu) return null;
  mcu.type = type;
  return JSON.stringify(diagram, null, 2);
}

/** The MCU board type of a diagram, if it has one. */
export function boardOf(text) {
  try {
    return (JSON.parse(text).parts ?? []).find((p) => BOARDS.some(([t]) => t === p?.type))?.type ?? null;
  } catch {
    return null;
  }
}
const MAX_PARTS = 200;

/** What each sensor measures: [property, unit, min, max, default] (Wokwi's ranges). */
const SENSORS = {
  'wokwi-dht22': [
    ['temperature', '°C', -40, 80, 24],
    ['humidity', '%', 0, 100, 40],
  ],
  'wokwi-ntc-temperature-sensor': [['temperature', '°C', -24, 80, 24]],
  'wokwi-photoresistor-sensor': [['lux', 'lux', 0.1, 1000, 500]],
  'wokwi-hc-sr04': [['distance', 'cm', 2, 400, 400]],
  'wokwi-ds18b20': [['temperature', '°C', -55, 125, 22]],
};
const SAFE_ATTRIBUTE = /^(?!on)[a-z][a-z0-9-]{0,40}$/i;

export class BoardPanel {
  /**
   * @param {HTMLElement} parent where the board is drawn
   * @param {HTMLElement} controls where the sensors' sliders go
   * @param {(event: object) => void} onInput a part's input event, as the board takes it:
   *   {part, action: 'press'|'release'|'set', property?, value?}
   */
  constructor(parent, controls, onInput) {
    this.parent = parent;
    this.controls = controls;
    this.onInput = onInput;
    this.elements = new Map();
    this.generation = 0;
    // Buttons with a `key` attr are pressed from the keyboard too (as on Wokwi), unless the
    // key is for the editor, the console or a form field.
    this.keys = new Map();
    const onKey = (down) => (event) => {
      const id = this.keys.get(event.key.toLowerCase());
      const typing = event.target.closest?.('.cm-editor, .xterm, input, select, textarea');
      if (!id || typing || event.repeat) return;
      const element = this.elements.get(id)?.element;
      if (element) element.pressed = down;
      this.onInput({ part: id, action: down ? 'press' : 'release' });
    };
    document.addEventListener('keydown', onKey(true));
    document.addEventListener('keyup', onKey(false));
  }

  /** Draws the board a diagram.json text describes. */
  async show(text) {
    const generation = ++this.generation;
    let diagram;
    try {
      diagram = JSON.parse(text);
    } catch {
      diagram = {};
    }
    const parts = (Array.isArray(diagram.parts) ? diagram.parts : []).slice(0, MAX_PARTS);
    const canvas = document.createElement('div');
    canvas.className = 'board-canvas';
    const wires = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    wires.classList.add('board-wires');
    canvas.append(wires);
    this.elements = new Map();
    this.keys = new Map();
    for (const part of parts) {
      if (typeof part !== 'object' || part === null || typeof part.id !== 'string') continue;
      const element = this.makePart(part);
      canvas.append(element);
      this.elements.set(part.id, { element, part });
      const key = part.attrs?.key;
      if (typeof key === 'string' && key.length === 1 && /pushbutton/.test(String(part.type))) {
        this.keys.set(key.toLowerCase(), part.id);
      }
    }
    this.parent.replaceChildren(canvas);
    this.controls.replaceChildren(...parts.flatMap((part) => this.sliders(part)));
    // Pin positions are known once the elements have rendered.
    await Promise.all([...this.elements.values()].map(({ element }) => element.updateComplete));
    if (generation !== this.generation) return;
    this.layout(canvas, wires, Array.isArray(diagram.connections) ? diagram.connections : []);
  }

  makePart(part) {
    const type = ALIASES[part.type] ?? String(part.type ?? '');
    let element;
    if (/^wokwi-[a-z0-9-]+$/.test(type) && customElements.get(type)) {
      element = document.createElement(type);
      const attrs = typeof part.attrs === 'object' && part.attrs !== null ? part.attrs : {};
      for (const [name, value] of Object.entries(attrs)) {
        if (SAFE_ATTRIBUTE.test(name)) element.setAttribute(name, String(value));
      }
    } else {
      // A part this page cannot draw yet: a labelled box, so the wiring still makes sense.
      element = document.createElement('div');
      element.className = 'board-unknown';
      element.textContent = `${part.id}: ${String(part.type ?? '?')}`;
      element.pinInfo = [];
    }
    element.classList.add('board-part');
    element.dataset.part = part.id;
    element.style.left = `${Number(part.left) || 0}px`;
    element.style.top = `${Number(part.top) || 0}px`;
    const rotate = Number(part.rotate) || 0;
    if (rotate) element.style.transform = `rotate(${rotate}deg)`;
    this.wireInputs(part.id, element);
    return element;
  }

  /** Sliders for what a sensor measures (the simulation reads them). */
  sliders(part) {
    const ranges = SENSORS[ALIASES[part?.type] ?? part?.type];
    if (!ranges || typeof part.id !== 'string') return [];
    return ranges.map(([property, unit, min, max, fallback]) => {
      const label = document.createElement('label');
      const slider = document.createElement('input');
      slider.type = 'range';
      slider.min = String(min);
      slider.max = String(max);
      slider.step = 'any';
      const start = Number(part.attrs?.[property]);
      slider.value = String(Number.isFinite(start) ? start : fallback);
      slider.dataset.part = part.id;
      slider.dataset.property = property;
      const text = document.createElement('span');
      const show = () => {
        text.textContent = `${part.id} ${property}: ${Number(slider.value).toFixed(1)} ${unit}`;
      };
      show();
      slider.addEventListener('input', () => {
        show();
        this.onInput({ part: part.id, action: 'set', property, value: Number(slider.value) });
      });
      label.append(text, slider);
      return label;
    });
  }

  wireInputs(id, element) {
    const send = (event) => this.onInput({ part: id, ...event });
    element.addEventListener('button-press', () => send({ action: 'press' }));
    element.addEventListener('button-release', () => send({ action: 'release' }));
    element.addEventListener('input', () => {
      const tag = element.tagName.toLowerCase();
      if (tag === 'wokwi-slide-switch') {
        send({ action: 'set', value: Number(element.value) });
      } else if (tag.endsWith('potentiometer')) {
        const min = Number(element.min ?? 0);
        const max = Number(element.max ?? 1023);
        send({ action: 'set', value: (Number(element.value) - min) / (max - min || 1) });
      }
    });
  }

  /** Where a pin is in the canvas, or null. */
  pinAt(endpoint) {
    const [id, pin] = String(endpoint).split(':');
    const entry = this.elements.get(id);
    const info = entry?.element.pinInfo?.find((p) => p.name === pin);
    if (!info) return null;
    const left = Number(entry.part.left) || 0;
    const top = Number(entry.part.top) || 0;
    const angle = ((Number(entry.part.rotate) || 0) * Math.PI) / 180;
    const cx = entry.element.offsetWidth / 2;
    const cy = entry.element.offsetHeight / 2;
    const dx = info.x - cx;
    const dy = info.y - cy;
    return {
      x: left + cx + dx * Math.cos(angle) - dy * Math.sin(angle),
      y: top + cy + dx * Math.sin(angle) + dy * Math.cos(angle),
    };
  }

  layout(canvas, wires, connections) {
    // Shift everything so the top-left part starts at the panel's corner.
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const { element, part } of this.elements.values()) {
      const x = Number(part.left) || 0;
      const y = Number(part.top) || 0;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x + element.offsetWidth);
      maxY = Math.max(maxY, y + element.offsetHeight);
    }
    if (!this.elements.size) return;
    const pad = 10;
    const width = maxX - minX + 2 * pad;
    const height = maxY - minY + 2 * pad;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    // A board wider than the panel is shrunk to fit (never enlarged).
    const fit = Math.min(1, (this.parent.clientWidth - 16) / width);
    if (fit > 0 && fit < 1) {
      canvas.style.transform = `scale(${fit})`;
      canvas.style.marginBottom = `${(fit - 1) * height}px`;
    }
    for (const { element } of this.elements.values()) {
      element.style.translate = `${pad - minX}px ${pad - minY}px`;
    }
    wires.style.transform = `translate(${pad - minX}px, ${pad - minY}px)`;
    for (const connection of connections.slice(0, 4 * MAX_PARTS)) {
      if (!Array.isArray(connection)) continue;
      const [from, to, color] = connection;
      const a = this.pinAt(from);
      const b = this.pinAt(to);
      if (!a || !b) continue;
      const wire = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
      wire.setAttribute('points', `${a.x},${a.y} ${b.x},${a.y} ${b.x},${b.y}`);
      // A colour is data too: only plain names and #hex reach the attribute.
      const safe = typeof color === 'string' && /^(#[0-9a-f]{3,8}|[a-z]{1,20})$/i.test(color);
      wire.setAttribute('stroke', safe ? color : 'green');
      wire.dataset.from = String(from);
      wire.dataset.to = String(to);
      wires.append(wire);
    }
  }

  /** Shows the parts' state: {id: {kind, ...}} as the board reports it. */
  update(states) {
    for (const [id, state] of Object.entries(states)) {
      const element = this.elements.get(id)?.element;
      if (element && state) applyState(element, state);
    }
  }
}

function applyState(element, state) {
  switch (state.kind) {
    case 'board':
      element.led1 = state.led > 0;
      break;
    case 'led':
      element.value = state.brightness > 0;
      element.brightness = state.brightness;
      break;
    case 'rgb_led':
      element.ledRed = state.red;
      element.ledGreen = state.green;
      element.ledBlue = state.blue;
      break;
    case 'button':
      element.pressed = state.pressed;
      break;
    case 'servo':
      element.angle = state.angle;
      break;
    case 'neo_pixels':
      showPixels(element, state.pixels);
      break;
    case 'ssd1306':
      showSsd1306(element, state);
      break;
    case 'lcd1602':
      showLcd(element, state);
      break;
    default:
      break;
  }
}

function showPixels(element, pixels) {
  if (!Array.isArray(pixels)) return;
  if (typeof element.setPixel === 'function') {
    pixels.forEach(([r, g, b], i) => element.setPixel(i, { r: r / 255, g: g / 255, b: b / 255 }));
  } else if (pixels[0]) {
    [element.r, element.g, element.b] = pixels[0].map((c) => c / 255);
  }
}

function showSsd1306(element, { width, height, on, pixels }) {
  const image = element.imageData;
  if (!image || !Array.isArray(pixels)) return;
  for (let y = 0; y < Math.min(height, image.height); y++) {
    for (let x = 0; x < Math.min(width, image.width); x++) {
      const lit = on && pixels[y * width + x];
      const at = (y * image.width + x) * 4;
      image.data[at] = lit ? 0x9d : 0;
      image.data[at + 1] = lit ? 0xe0 : 0;
      image.data[at + 2] = lit ? 0xff : 0;
      image.data[at + 3] = 0xff;
    }
  }
  element.redraw();
}

function showLcd(element, { lines, backlight }) {
  if (!Array.isArray(lines)) return;
  const characters = new Uint8Array(32).fill(32);
  lines.slice(0, 2).forEach((line, row) => {
    [...String(line)].slice(0, 16).forEach((c, col) => {
      characters[row * 16 + col] = c.charCodeAt(0) & 0xff;
    });
  });
  element.characters = characters;
  element.backlight = backlight;
}
