// A ticket's QR code (issue 26 item 1; create-and-sell-event-tickets, Path A: "a QR code (base64) that doubles as
// the check-in token"; Orgo's spec, `POST /api/v1/event_attends` example (~2,176,000): `"qrCode":
// "data:image/png;base64,…"`). The code holds the attendance's `hash`, its check-in token. The `qrcode` package
// (pure JavaScript) lays out the modules; the PNG is written here, 1 bit a pixel with stored (uncompressed)
// deflate blocks, so it is synchronous and needs neither node:zlib nor a canvas (it runs in the browser too), and a
// paid checkout's hook (synchronous: checkout-hooks.ts) can mail a ticket at once. The package loads on first use,
// never at start-up.

import { bytesToBase64, concatBytes } from '../bytes.ts'

type QrModule = typeof import('qrcode')

let loaded: QrModule | undefined
let loading: Promise<QrModule> | undefined

/** Loads the `qrcode` package once; every path that may mail a ticket awaits it before it writes. */
export async function loadQr(): Promise<void> {
  loading ??= import('qrcode').then((mod) => {
    const m = mod as QrModule & { default?: QrModule }
    return (loaded = m.default ?? m)
  })
  await loading
}

/** Whether `qrDataUrl` can answer now (the package loaded). */
export const qrReady = () => loaded !== undefined

/** Pixels per module, and the quiet zone in modules (ISO/IEC 18004 asks for 4). */
const SCALE = 4
const MARGIN = 4

/** `data:image/png;base64,…`: a QR code of `text`, black on white. Call `loadQr()` first. */
export function qrDataUrl(text: string): string {
  if (!loaded) throw new Error('the qrcode package is not loaded yet: await loadQr() first')
  const { modules } = loaded.create(text, { errorCorrectionLevel: 'M' })
  const side = (modules.size + 2 * MARGIN) * SCALE
  const rowBytes = Math.ceil(side / 8)
  const raw = new Uint8Array((rowBytes + 1) * side)
  for (let y = 0; y < side; y++) {
    const row = y * (rowBytes + 1)
    // Filter type 0 (none); a set bit is white (grayscale, 1 bit).
    raw[row] = 0
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / SCALE) - MARGIN
      const my = Math.floor(y / SCALE) - MARGIN
      const inside = mx >= 0 && my >= 0 && mx < modules.size && my < modules.size
      const dark = inside && modules.get(my, mx) === 1
      if (!dark) raw[row + 1 + (x >> 3)]! |= 0x80 >> (x & 7)
    }
  }
  return `data:image/png;base64,${bytesToBase64(png(side, raw))}`
}

function png(side: number, raw: Uint8Array): Uint8Array {
  const header = new Uint8Array(13)
  const view = new DataView(header.buffer)
  view.setUint32(0, side)
  view.setUint32(4, side)
  header.set([1, 0, 0, 0, 0], 8) // bit depth 1, grayscale, deflate, no filter method variants, no interlace
  return concatBytes([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlibStored(raw)),
    chunk('IEND', new Uint8Array(0)),
  ])
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

/** RFC 1950 around RFC 1951 stored blocks (BTYPE 00), at most 65,535 bytes each. */
function zlibStored(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x78, 0x01])]
  let at = 0
  do {
    const piece = data.subarray(at, at + 0xffff)
    at += piece.length
    const head = new Uint8Array(5)
    const view = new DataView(head.buffer)
    head[0] = at >= data.length ? 1 : 0 // BFINAL on the last block
    view.setUint16(1, piece.length, true)
    view.setUint16(3, ~piece.length & 0xffff, true)
    parts.push(head, piece)
  } while (at < data.length)
  const tail = new Uint8Array(4)
  new DataView(tail.buffer).setUint32(0, adler32(data))
  parts.push(tail)
  return concatBytes(parts)
}

function adler32(data: Uint8Array): number {
  let a = 1
  let b = 0
  for (const byte of data) {
    a = (a + byte) % 65521
    b = (b + a) % 65521
  }
  return ((b << 16) | a) >>> 0
}

let crcTable: Uint32Array | undefined

function crc32(data: Uint8Array): number {
  const table = (crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  }))
  let crc = 0xffffffff
  for (const byte of data) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
