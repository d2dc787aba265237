//! The report's style sheet.

/// The style sheet. Colours are kept for print (`print-color-adjust`), but every mark also has
/// a shape of its own so a black-and-white printout keeps the meaning.
pub(super) const CSS: &str = r#"
:root {
  --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --soft: #f5f7fa;
  --accent: #1e5ac8; --good: #1e7b45; --mid: #9a6200; --low: #b42318;
  --filler-bg: #ffd699; --filler-edge: #a35f00; --hedge-bg: #e4d7ff; --hedge-edge: #5b3fa0;
  --up: #008c46; --down: #c81e1e;
  --own: #286ec8; --ctx: #8a6410; --move: #138066; --other: #5f6b7a;
  --comment: #6b21a8; --band: #1e823c; --pause: #c3cad3;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; background: #eef1f5; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.report { max-width: 940px; margin: 24px auto; padding: 0 12px; }
.doc-head, .summary, .attempt {
  background: #fff; border: 1px solid var(--line); border-radius: 10px;
  padding: 22px 32px; margin-bottom: 18px;
}
.doc-head { border-top: 4px solid var(--accent); }
h1 { font-size: 25px; margin: 0 0 2px; line-height: 1.25; }
.sub { margin: 0; color: var(--muted); }
h2 { font-size: 21px; margin: 2px 0 6px; line-height: 1.3; }
h3 {
  font-size: 12.5px; text-transform: uppercase; letter-spacing: .07em; color: var(--muted);
  margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line);
}
h4 { font-size: 14px; margin: 12px 0 4px; }
.kicker {
  margin: 0; font-size: 12px; text-transform: uppercase; letter-spacing: .08em; color: var(--muted);
}
.meta { margin: 0; color: var(--muted); font-size: 13px; }
.meta span + span::before { content: "\00b7"; margin: 0 8px; }
.warn {
  margin: 12px 0 0; padding: 8px 12px; border: 1px dashed var(--mid); border-radius: 6px;
  color: var(--mid); font-size: 13.5px;
}
.scorecard {
  display: flex; gap: 22px; align-items: center; margin-top: 16px; padding: 14px 20px;
  background: var(--soft); border: 1px solid var(--line); border-radius: 8px;
}
.overall { font-size: 46px; font-weight: 700; line-height: 1; min-width: 104px; text-align: center; }
.overall small { display: block; font-size: 12px; font-weight: 500; color: var(--muted); margin-top: 4px; }
.verdict { margin: 0; font-size: 17px; font-weight: 600; }
.pattern-note { margin: 4px 0 0; color: var(--muted); font-style: italic; }
.none { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th {
  font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  font-weight: 600; border-bottom: 2px solid var(--line);
}
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.dim { font-weight: 600; white-space: nowrap; }
.bar {
  display: inline-block; width: 76px; height: 8px; margin-left: 8px; vertical-align: middle;
  background: var(--line); border-radius: 4px; overflow: hidden;
}
.bar > i { display: block; height: 100%; background: currentColor; }
.s-good { color: var(--good); } .s-mid { color: var(--mid); } .s-low { color: var(--low); }
.coach { display: block; white-space: nowrap; font-variant-numeric: tabular-nums; }
.coach small { color: var(--muted); margin-left: 4px; }
.ev-groups { columns: 2; column-gap: 36px; }
.ev-group { break-inside: avoid; }
.ev-group h4 { margin-top: 0; padding-top: 8px; break-after: avoid; }
.evidence { list-style: none; padding: 0; margin: 0 0 6px; }
.evidence li { display: flex; align-items: baseline; padding: 2px 0; }
.evidence .tag { flex: none; }
.tag {
  display: inline-block; min-width: 64px; text-align: center; font-size: 10.5px; font-weight: 700;
  text-transform: uppercase; letter-spacing: .04em; padding: 0 5px; margin-right: 8px;
  border: 1px solid; border-radius: 3px; line-height: 1.6;
}
.tag.up { color: var(--up); }
.tag.down { color: var(--down); border-style: dashed; border-width: 2px; }
.ev-note { color: var(--muted); }
.at { color: var(--muted); font-size: 12.5px; font-variant-numeric: tabular-nums; margin-left: 6px; }
ol.next { margin: 0; padding-left: 22px; }
ol.next li { margin: 3px 0; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(118px, 1fr)); gap: 10px; }
.stat { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.stat b { display: block; font-size: 19px; font-variant-numeric: tabular-nums; }
.stat span { font-size: 12px; color: var(--muted); }
.notes { list-style: none; padding: 0; margin: 12px 0 0; }
.notes li { margin: 5px 0; }
.lvl {
  display: inline-block; min-width: 64px; text-align: center; font-size: 10.5px; font-weight: 700;
  text-transform: uppercase; letter-spacing: .04em; padding: 0 5px; margin-right: 8px;
  border: 1px solid; border-radius: 3px; line-height: 1.6;
}
.lvl.good { color: var(--good); }
.lvl.watch { color: var(--mid); border-style: dashed; }
.lvl.work { color: var(--low); border-width: 2px; }
.aspect { font-weight: 600; text-transform: capitalize; }
.transcript {
  margin: 0; padding: 14px 18px; border: 1px solid var(--line); border-radius: 8px;
  font-family: Georgia, "Times New Roman", serif; font-size: 16.5px; line-height: 2.05;
  white-space: pre-wrap; overflow-wrap: break-word;
}
.m-up { text-decoration: underline solid 2px var(--up); text-underline-offset: 4px; }
.m-down { text-decoration: underline wavy 1.5px var(--down); text-underline-offset: 4px; }
.m-filler {
  background: var(--filler-bg); border: 1px dashed var(--filler-edge); border-radius: 3px;
}
.m-hedge {
  background: var(--hedge-bg); border: 1px dotted var(--hedge-edge); border-radius: 3px;
  font-style: italic;
}
.p-own { color: var(--own); } .p-ctx { color: var(--ctx); }
.p-move { color: var(--move); } .p-other { color: var(--other); }
.ptag {
  display: inline-block; font: 700 9.5px/1.5 system-ui, -apple-system, "Segoe UI", Arial, sans-serif;
  text-transform: uppercase; letter-spacing: .05em; padding: 0 4px; margin-right: 5px;
  border: 1px solid currentColor; border-radius: 3px; vertical-align: 3px; font-style: normal;
}
.cmark {
  display: inline-block; font: 700 10px/1.6 system-ui, -apple-system, "Segoe UI", Arial, sans-serif;
  color: #fff; background: var(--comment); border-radius: 8px; padding: 0 5px; margin: 0 2px;
  vertical-align: 6px; font-style: normal;
}
.legend {
  display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; margin-top: 8px;
  font-size: 13px; color: var(--muted);
}
.legend .m-filler, .legend .m-hedge, .legend .m-up, .legend .m-down { color: var(--ink); padding: 0 3px; }
.legend svg { vertical-align: middle; margin-right: 4px; }
figure { margin: 0; }
svg.timeline { display: block; width: 100%; height: auto; }
svg.timeline text {
  font: 11px system-ui, -apple-system, "Segoe UI", Arial, sans-serif; fill: var(--muted);
}
svg.timeline text.cnum { fill: #fff; font-weight: 700; font-size: 10.5px; }
.comments { list-style: none; padding: 0; margin: 0; }
.comments li {
  display: flex; gap: 10px; padding: 8px 0; border-bottom: 1px solid var(--line);
}
.comments li:last-child { border-bottom: 0; }
.comments .cmark { vertical-align: 0; margin: 2px 0 0; height: fit-content; }
.c-head { font-size: 13px; color: var(--muted); }
.c-head b { color: var(--ink); }
.c-text { margin: 2px 0 0; white-space: pre-wrap; overflow-wrap: break-word; }
.summary td a { color: inherit; text-decoration: none; }
.summary tr.avg td { font-weight: 700; border-bottom: 0; }
@page { margin: 14mm; }
@media print {
  body { background: #fff; font-size: 10pt; }
  .transcript { font-size: 12pt; line-height: 1.9; }
  h3 { margin-top: 16pt; }
  .report { max-width: none; margin: 0; padding: 0; }
  .doc-head, .summary, .attempt { border: 0; border-radius: 0; padding: 0; margin: 0 0 14pt; }
  .doc-head { border-top: 0; border-bottom: 2px solid var(--ink); padding-bottom: 6pt; }
  .attempt + .attempt { break-before: page; page-break-before: always; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, figure, .scorecard, .stats, .stat, .evidence li, .comments li, .notes li, .legend {
    break-inside: avoid; page-break-inside: avoid;
  }
  .transcript { border-color: #999; }
  .stats { grid-template-columns: repeat(6, 1fr); gap: 6pt; }
  /* Paper is scarce: a dimension's evidence may continue in the next column or page. */
  .ev-group { break-inside: auto; }
}
"#;
