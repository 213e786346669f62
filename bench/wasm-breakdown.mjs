// What each part of the wasm costs: bytes of code per function, grouped by
// where the function comes from (nlohmann/json, libc++, Embind, the engine,
// ...), from a build that keeps function names (`--profiling-funcs`; names
// do not change the code). Also the other sections (data = string literals
// and tables). A Twiggy-like "top" without a new tool.
//
// Run: node bench/wasm-breakdown.mjs FILE.wasm [--top N]
// A named build: cmake -S . -B /tmp/prof -DCMAKE_TOOLCHAIN_FILE=emsdk-toolchain.cmake
//   -DCMAKE_BUILD_TYPE=MinSizeRel -DQD_TESTS=OFF -DQD_PACKAGE_DIST=/tmp/prof/dist
//   -DCMAKE_EXE_LINKER_FLAGS=--profiling-funcs && cmake --build /tmp/prof
import fs from 'node:fs';
import zlib from 'node:zlib';
import { printTable } from './lib/table.mjs';
import { runMain, isMain } from './lib/args.mjs';

function reader(buf) {
  let i = 0;
  const r = {
    get pos() { return i; },
    set pos(v) { i = v; },
    byte: () => buf[i++],
    u32() {
      let result = 0;
      let shift = 0;
      for (;;) {
        const b = buf[i++];
        result |= (b & 0x7f) << shift;
        if (!(b & 0x80)) return result >>> 0;
        shift += 7;
      }
    },
    name() {
      const n = r.u32();
      const s = buf.subarray(i, i + n).toString('utf8');
      i += n;
      return s;
    },
  };
  return r;
}

/// Sections, imported-function count, function bodies (index, size, bytes) and names.
export function parseWasm(buf) {
  const r = reader(buf);
  r.pos = 8;
  const sections = [];
  let imports = 0;
  const bodies = [];
  const names = new Map();
  while (r.pos < buf.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    let label = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'][id] ?? `#${id}`;
    if (id === 0) {
      const name = r.name();
      label = `custom:${name}`;
      if (name === 'name') {
        while (r.pos < start + size) {
          const sub = r.byte();
          const len = r.u32();
          const end = r.pos + len;
          if (sub === 1) {
            const count = r.u32();
            for (let k = 0; k < count; k++) {
              const idx = r.u32();
              names.set(idx, r.name());
            }
          }
          r.pos = end;
        }
      }
    } else if (id === 2) {
      const count = r.u32();
      for (let k = 0; k < count; k++) {
        r.name();
        r.name();
        const kind = r.byte();
        if (kind === 0) { r.u32(); imports++; }
        else if (kind === 1) { r.byte(); const f = r.byte(); r.u32(); if (f & 1) r.u32(); }
        else if (kind === 2) { const f = r.byte(); r.u32(); if (f & 1) r.u32(); }
        else if (kind === 3) { r.byte(); r.byte(); }
      }
    } else if (id === 10) {
      const count = r.u32();
      for (let k = 0; k < count; k++) {
        const bodySize = r.u32();
        bodies.push({ index: imports + k, size: bodySize, bytes: buf.subarray(r.pos, r.pos + bodySize) });
        r.pos += bodySize;
      }
    }
    sections.push({ label, size: 1 + (r.pos = start + size, size) });
  }
  for (const b of bodies) b.name = names.get(b.index) ?? `func${b.index}`;
  return { sections, bodies };
}

/// Where a function comes from, by its (demangled) name.
export function origin(name) {
  if (/nlohmann/.test(name)) return 'nlohmann/json';
  if (/emscripten::|_embind_|embind|EmscriptenBindingInitializer|\bval\b|__getTypeName/.test(name)) return 'Embind';
  if (/^qd::|\bqd::/.test(name)) {
    if (/Scanner|scanFrame|decimalToDouble/.test(name)) return 'engine: frame scanner + number parser';
    if (/JsonDoc|Lexer|appendJsonString|eachMember|utf8Tail|appendUtf8|Decimal|leftShift|rightShift|roundedInteger|slowPath/.test(name)) return 'engine: JSON reader/writer + number slow path';
    if (/protocol|parseFrame|parseRest|nestsDeeper|subscribe(All)?Frame|unsubscribeFrame/.test(name)) return 'engine: protocol (full parser, frames)';
    if (/Feed\b|Feed::|Adapter|DeadlineTimer|JsFeed|conversions|toJs|fromJs/.test(name)) return 'platform + bindings';
    return 'engine: controller, book, rules';
  }
  if (/std::|__cxx|__1::|operator new|operator delete/.test(name)) return 'libc++ (strings, vectors, maps)';
  if (/^(dl|malloc|free|calloc|realloc|sbrk|emscripten_builtin|internal_memalign|posix_memalign|mallinfo)/.test(name)) return 'malloc';
  if (/^(strto|__floatscan|scanf|vfprintf|fmt_|printf|snprintf|vsnprintf|frexp|pop_arg|out|pad|__shgetc|__shlim|__intscan|copysign|scalbn|fmodl?|__ashlti3|__lshrti3|__multf3|__addtf3|__subtf3|__divtf3|__trunctfdf2|__extenddftf2|__fixtfsi|__floatsitf|__letf2|__getf2|__eqtf2|__netf2|__unordtf2|__mulddi3|wctomb|wcrtomb|__fwritex|sn_write|__towrite|memchr|strnlen|getint)/.test(name)) return 'libc: number formatting/parsing';
  if (/^(mem|str|__stdio|fwrite|fputs|__lock|__unlock|abort|__cxa|__errno|__syscall|emscripten_|stack|_emscripten|__wasm|dynCall|__funcs_on_exit|__libc|__lockfile|__unlockfile|__ofl)/.test(name)) return 'libc / runtime';
  return 'other';
}

function gz(buf) { return zlib.gzipSync(buf, { level: 9 }).length; }

export function breakdown(file, top = 25) {
  const buf = fs.readFileSync(file);
  const { sections, bodies } = parseWasm(buf);
  printTable(`Sections of ${file} (bytes)`, ['section', 'bytes'], sections.map((s) => [s.label, s.size]));
  const groups = new Map();
  for (const b of bodies) {
    const g = origin(b.name);
    const e = groups.get(g) ?? { count: 0, size: 0, parts: [] };
    e.count++; e.size += b.size; e.parts.push(b.bytes);
    groups.set(g, e);
  }
  const code = bodies.reduce((a, b) => a + b.size, 0);
  printTable('Code by origin (function bodies; gzip of the group alone, level 9)', ['origin', 'functions', 'bytes', 'share', 'gzip alone'],
    [...groups.entries()].sort((a, b) => b[1].size - a[1].size).map(([g, e]) => [g, e.count, e.size, `${((e.size / code) * 100).toFixed(1)}%`, gz(Buffer.concat(e.parts))]));
  printTable(`Largest ${top} functions`, ['function', 'origin', 'bytes'],
    [...bodies].sort((a, b) => b.size - a.size).slice(0, top).map((b) => [b.name.length > 110 ? b.name.slice(0, 107) + '...' : b.name, origin(b.name), b.size]));
}

if (isMain(import.meta.url)) {
  runMain(async () => {
    const argv = process.argv.slice(2);
    const file = argv.find((a) => a.endsWith('.wasm'));
    if (!file) throw new Error('usage: node bench/wasm-breakdown.mjs FILE.wasm [--top N]');
    const i = argv.indexOf('--top');
    breakdown(file, i >= 0 ? parseInt(argv[i + 1], 10) : 25);
  });
}
