// The virtual board: the LED blinks at the program's period (checked on the trace, in virtual
// time), a pressed button reaches the program, a pot sets what the ADC reads, and the OLED
// shows what was drawn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  launch, openPage, setEditor, waitForTerminal, assertNoProblems, screenshot,
} from './helpers.mjs';

const DIAGRAM = JSON.stringify({
  version: 1,
  parts: [
    { type: 'wokwi-esp32-devkit-v1', id: 'esp', top: 0, left: 0, attrs: {} },
    { type: 'wokwi-led', id: 'led1', top: -60, left: 150, attrs: { color: 'red' } },
    { type: 'wokwi-pushbutton', id: 'btn1', top: 140, left: 150, attrs: { color: 'green', bounce: '0', key: 'b' } },
    { type: 'wokwi-potentiometer', id: 'pot1', top: 220, left: -150, attrs: {} },
    { type: 'wokwi-ssd1306', id: 'oled1', top: -120, left: -160, attrs: {} },
  ],
  connections: [
    ['esp:D2', 'led1:A', 'green', []],
    ['led1:C', 'esp:GND.1', 'black', []],
    ['esp:D15', 'btn1:1.l', 'blue', []],
    ['btn1:2.l', 'esp:GND.1', 'black', []],
    ['pot1:SIG', 'esp:D34', 'orange', []],
    ['pot1:VCC', 'esp:3V3', 'red', []],
    ['pot1:GND', 'esp:GND.2', 'black', []],
    ['oled1:SDA', 'esp:D21', 'blue', []],
    ['oled1:SCL', 'esp:D22', 'purple', []],
    ['oled1:VCC', 'esp:3V3', 'red', []],
    ['oled1:GND', 'esp:GND.2', 'black', []],
  ],
});

async function withDiagram(browser) {
  const page = await openPage(await browser.newContext({ acceptDownloads: true }));
  await page.setInputFiles('#import-files', [
    { name: 'diagram.json', mimeType: 'application/json', buffer: Buffer.from(DIAGRAM) },
  ]);
  await page.waitForSelector('#board wokwi-ssd1306[data-part="oled1"]');
  return page;
}

/** The times (µs) at which a VCD signal named `name` changed value. */
function changes(vcd, name) {
  const id = new RegExp(`\\$var \\S+ \\d+ (\\S+) ${name} `).exec(vcd)?.[1];
  assert.ok(id, `no signal ${name} in the VCD:\n${vcd.slice(0, 600)}`);
  const times = [];
  let now = 0;
  for (const line of vcd.split('\n')) {
    if (line.startsWith('#')) now = Number(line.slice(1));
    else if (line.length > 1 && line.slice(1) === id && /^[01]/.test(line)) times.push(now);
  }
  return times;
}

test('blink: the LED follows GPIO2 at the program period', async () => {
  const browser = await launch();
  try {
    const page = await withDiagram(browser);
    await setEditor(page, 'from machine import Pin\nimport time\nled = Pin(2, Pin.OUT)\nwhile True:\n    led.value(not led.value())\n    time.sleep_ms(100)\n');
    await page.click('#run');
    // The element lights and goes dark as the program toggles the pin.
    await page.waitForFunction(() => document.querySelector('wokwi-led[data-part="led1"]').value === true);
    await page.waitForFunction(() => document.querySelector('wokwi-led[data-part="led1"]').value === false);
    await page.waitForTimeout(1200);
    await screenshot(page, 'blink');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#vcd')]);
    const vcd = readFileSync(await download.path(), 'utf8');
    const times = changes(vcd, 'GPIO2');
    assert.ok(times.length >= 8, `only ${times.length} changes of GPIO2`);
    const gaps = times.slice(2).map((t, i) => t - times[i + 1]);
    for (const gap of gaps) assert.ok(Math.abs(gap - 100_000) <= 5_000, `a half-period of ${gap} µs`);
    await page.click('#stop');
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});

test('a pressed button, a turned pot and the OLED reach and leave the program', async () => {
  const browser = await launch();
  try {
    const page = await withDiagram(browser);
    await setEditor(page, [
      'from machine import Pin, ADC, I2C',
      'import time, ssd1306',
      'button = Pin(15, Pin.IN, Pin.PULL_UP)',
      'print("waiting")',
      'while button.value() == 1:',
      '    time.sleep_ms(10)',
      'print("pressed")',
      'adc = ADC(Pin(34))',
      'adc.atten(ADC.ATTN_11DB)',
      'while adc.read_u16() < 30000:',
      '    time.sleep_ms(10)',
      'print("pot", adc.read_u16() > 30000)',
      'oled = ssd1306.SSD1306_I2C(128, 64, I2C(0, scl=Pin(22), sda=Pin(21)))',
      'oled.fill(0)',
      'oled.fill_rect(0, 0, 10, 10, 1)',
      'oled.text("Hi", 40, 30)',
      'oled.show()',
      'print("drawn")',
      '',
    ].join('\n'));
    await page.click('#run');
    await waitForTerminal(page, /waiting/);
    await page.locator('wokwi-pushbutton[data-part="btn1"] button').hover();
    await page.mouse.down();
    await waitForTerminal(page, /pressed/);
    await page.mouse.up();
    await page.locator('wokwi-pushbutton[data-part="btn1"]').evaluate((b) => b.pressed === false);
    // Turn the pot three quarters of the way, as dragging it would.
    await page.locator('wokwi-potentiometer[data-part="pot1"]').evaluate((pot) => {
      pot.value = pot.min + 0.75 * (pot.max - pot.min);
      pot.dispatchEvent(new InputEvent('input', { detail: pot.value }));
    });
    await waitForTerminal(page, /pot True/);
    await waitForTerminal(page, /drawn/);
    await page.waitForFunction(() => {
      const image = document.querySelector('wokwi-ssd1306[data-part="oled1"]').imageData;
      const lit = (x, y) => image.data[(y * image.width + x) * 4] > 0;
      return lit(5, 5) && !lit(20, 20) && !lit(12, 5);
    });
    await screenshot(page, 'board-inputs');
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});

test('a button with a key is pressed from the keyboard', async () => {
  const browser = await launch();
  try {
    const page = await withDiagram(browser);
    await setEditor(page, 'from machine import Pin\nimport time\nb = Pin(15, Pin.IN, Pin.PULL_UP)\nprint("ready")\nwhile b.value():\n    time.sleep_ms(5)\nprint("key pressed")\n');
    await page.click('#run');
    await waitForTerminal(page, /ready/);
    await page.click('#board-panel h2');
    await page.keyboard.down('b');
    await waitForTerminal(page, /key pressed/);
    await page.keyboard.up('b');
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});
