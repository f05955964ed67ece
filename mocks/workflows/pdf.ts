import type { SandboxResponse } from '../http/types.ts'

// The documents Orgo's workflows hand out as PDFs (an adhesion form to sign, a signed contract): real PDF files a
// viewer opens, made with pdf-lib (decision 017: a well-kept library, pure JavaScript, so it runs in the browser's
// service worker as in Node), loaded on the first document, never at start-up.

export interface PdfDocument {
  title: string
  /** Label and value pairs, one a line (`Applicant`, `Sarah O'Connor`). */
  fields?: ReadonlyArray<readonly [string, string]>
  /** Paragraphs of text after the fields (a contract's content, tags stripped). */
  paragraphs?: readonly string[]
  /** The file's metadata: who made it, for a viewer's properties. */
  subject?: string
}

const MARGIN = 56
const WIDTH = 595.28 // A4, in points
const HEIGHT = 841.89

/** The document as PDF bytes (A4, Helvetica), dated with the sandbox clock so the same state makes the same file. */
export async function renderPdf(doc: PdfDocument, now: number): Promise<Uint8Array> {
  // pdf-lib ships CommonJS whose exports Node's ESM loader cannot list (tslib's __exportStar): from the built
  // package its names are on `default`; bundlers and tsx give them directly.
  const mod = (await import('pdf-lib')) as typeof import('pdf-lib') & { default?: typeof import('pdf-lib') }
  const { PDFDocument, StandardFonts } = mod.PDFDocument ? mod : mod.default!
  const pdf = await PDFDocument.create()
  const date = new Date(now)
  pdf.setTitle(doc.title)
  pdf.setProducer('orgo-sandbox')
  pdf.setCreator('orgo-sandbox')
  pdf.setCreationDate(date)
  pdf.setModificationDate(date)
  if (doc.subject) pdf.setSubject(doc.subject)
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold)
  let page = pdf.addPage([WIDTH, HEIGHT])
  let y = HEIGHT - MARGIN
  const line = (text: string, size: number, face = font) => {
    if (y < MARGIN + size) {
      page = pdf.addPage([WIDTH, HEIGHT])
      y = HEIGHT - MARGIN
    }
    page.drawText(printable(text), { x: MARGIN, y, size, font: face })
    y -= size * 1.5
  }
  line(doc.title, 18, bold)
  y -= 6
  for (const [label, value] of doc.fields ?? []) line(`${label}: ${value}`, 11)
  for (const paragraph of doc.paragraphs ?? []) {
    y -= 6
    for (const wrapped of wrap(paragraph, 90)) line(wrapped, 11)
  }
  return pdf.save({ useObjectStreams: false })
}

/** A PDF answer: `Content-Disposition` names the file as a browser saves it. */
export function pdfResponse(bytes: Uint8Array, filename: string): SandboxResponse {
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
    },
    body: bytes,
  }
}

/** Helvetica's standard encoding (WinAnsi) holds Latin-1: anything else is shown as `?`, never a crash. */
const printable = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?')

function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let current = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current)
      current = word
    } else current = current ? `${current} ${word}` : word
  }
  if (current) lines.push(current)
  return lines
}
