// Plain-text tables for benchmark output (stdout only; Markdown-compatible so a
// run can be pasted into docs/benchmarks.md as is).

function cell(v) {
  if (v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v))) return '-';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v.toLocaleString('en-US');
    return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
  }
  return String(v);
}

/// Prints `rows` (arrays) under `headers` as a Markdown table, with a title.
export function printTable(title, headers, rows) {
  const all = [headers, ...rows].map((r) => r.map(cell));
  const w = headers.map((_, i) => Math.max(3, ...all.map((r) => (r[i] ?? '').length)));
  const line = (r) => '| ' + r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' | ') + ' |';
  const out = [`\n### ${title}\n`, line(all[0]), '| ' + w.map((n, i) => (i === 0 ? '-'.repeat(n) : '-'.repeat(n - 1) + ':')).join(' | ') + ' |'];
  for (const r of all.slice(1)) out.push(line(r));
  console.log(out.join('\n'));
}
