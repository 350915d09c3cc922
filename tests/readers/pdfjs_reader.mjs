// Reads one PDF with pdf.js (pdfjs-dist, legacy build) the way Firefox does, for the tests.
//
//   node tests/readers/pdfjs_reader.mjs FILE.pdf < requests.jsonl > answers.jsonl
//
// Each line of standard input is one JSON request, answered by one line of JSON on standard
// output, so one process (one parse of the file, one text extraction for find) serves every
// question the tests ask of the file. A request asks for any of:
//   {"text": true}    each page's getTextContent() items: {str, dir, eol, x, y, w, h}
//   {"marked": true}  each page's getTextContent({includeMarkedContent: true}) as a list of
//                     ["B", mcid or null, tag] / ["E"] / ["T", str] entries
//   {"find": [q...]}  for each query, the number of matches the viewer's PDFFindController
//                     finds in the whole file (matchDiacritics off, case-insensitive,
//                     not entire words, as Firefox's find bar by default)
// and its answer is one JSON object {"pages": n, "text": [...], "marked": [...], "find": {q: n}}.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);

// The viewer module touches `document` and `window` when it is imported; the find controller
// itself needs neither. These stubs are all it asks for under Node.
const element = () => ({ style: {}, classList: { add() {}, remove() {}, toggle() {} },
  append() {}, setAttribute() {}, addEventListener() {} });
globalThis.document ??= {
  documentElement: element(),
  body: element(),
  createElement: element,
  createElementNS: element,
  addEventListener() {},
  removeEventListener() {},
};
globalThis.window ??= globalThis;
globalThis.window.requestAnimationFrame ??= (callback) => setTimeout(callback, 0);

const pdfjsLib = await import("pdfjs-dist/legacy/build/pdf.mjs");
globalThis.pdfjsLib = pdfjsLib;
const { EventBus, PDFFindController } = await import("pdfjs-dist/legacy/web/pdf_viewer.mjs");

const root = require.resolve("pdfjs-dist/package.json").replace(/package\.json$/, "");

async function open(path) {
  return pdfjsLib.getDocument({
    data: new Uint8Array(readFileSync(path)),
    cMapUrl: `${root}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${root}standard_fonts/`,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
}

async function pageText(pdf, number) {
  const page = await pdf.getPage(number);
  const content = await page.getTextContent();
  return content.items.map((item) => ({
    str: item.str,
    dir: item.dir,
    eol: item.hasEOL,
    x: item.transform[4],
    y: item.transform[5],
    w: item.width,
    h: item.height,
  }));
}

async function pageMarked(pdf, number) {
  const page = await pdf.getPage(number);
  const content = await page.getTextContent({ includeMarkedContent: true });
  return content.items.map((item) => {
    if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
      const mcid = item.id ? Number(item.id.split("_mc")[1]) : null;
      return ["B", mcid, item.tag];
    }
    if (item.type === "endMarkedContent") {
      return ["E"];
    }
    return ["T", item.str + (item.hasEOL ? "\n" : "")];
  });
}

function findController(pdf) {
  const eventBus = new EventBus();
  const linkService = { pagesCount: pdf.numPages, page: 1 };
  const controller = new PDFFindController({ linkService, eventBus });
  controller.setDocument(pdf);
  return { eventBus, controller };
}

async function findCounts(viewer, queries) {
  const { eventBus, controller } = viewer;
  const counts = {};
  for (const query of queries) {
    eventBus.dispatch("find", {
      source: null,
      type: "find",
      query,
      caseSensitive: false,
      entireWord: false,
      highlightAll: true,
      findPrevious: false,
      matchDiacritics: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await Promise.all(controller._extractTextPromises);
    await new Promise((resolve) => setTimeout(resolve, 0));
    counts[query] = controller.pageMatches.reduce((sum, page) => sum + (page ? page.length : 0), 0);
  }
  return counts;
}

async function answer(pdf, request, viewer) {
  const result = { pages: pdf.numPages };
  const numbers = Array.from({ length: pdf.numPages }, (_, i) => i + 1);
  if (request.text) {
    result.text = [];
    for (const n of numbers) result.text.push(await pageText(pdf, n));
  }
  if (request.marked) {
    result.marked = [];
    for (const n of numbers) result.marked.push(await pageMarked(pdf, n));
  }
  if (request.find) {
    result.find = await findCounts(viewer(), request.find);
  }
  return result;
}

async function main() {
  const pdf = await open(process.argv[2]);
  let viewer = null;
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const result = await answer(pdf, JSON.parse(line), () => (viewer ??= findController(pdf)));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  await pdf.destroy();
}

await main();
