import type { EvalReport } from '../core/eval/report.ts';

const score = (mean: number | null): string => (mean === null ? '–' : mean.toFixed(2));
const percent = (rate: number | null): string => (rate === null ? '–' : `${Math.round(rate * 100)}%`);

/** A few plain lines summing up a report for the terminal: scores and key metrics per configuration. */
export function summaryLines(report: EvalReport): string[] {
  const lines = [
    `${report.character.name}: ${report.set.items} interview items, status ${report.status} (${report.progress.done}/${report.progress.total} tasks)`,
  ];
  for (const c of report.configurations) {
    const scores = report.scores
      .filter((s) => s.configurationId === c.id)
      .map((s) => `${s.dimension} ${score(s.mean)}${s.unparseable > 0 ? ` (${s.unparseable} unparseable)` : ''}`);
    const m = report.metrics.find((x) => x.configurationId === c.id);
    const metrics = m ? `quote ${percent(m.quoteCompliance)}, role breaks ${percent(m.roleBreakRate)}, boundary pass ${percent(m.boundaryPassRate)}` : '';
    lines.push(`  ${c.id}: ${[...scores, metrics].filter(Boolean).join('; ')}`);
  }
  for (const p of report.pairwise) lines.push(`  ${p.a} vs ${p.b}: ${p.winsA} wins, ${p.ties} ties, ${p.winsB} losses (${p.n} items)`);
  return lines;
}
