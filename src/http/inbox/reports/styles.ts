// The reports and settings pages' stylesheet (served at /static/reports.css under the strict CSP).
export const REPORTS_CSS = `
.reports{display:flex;flex-direction:column;gap:16px;max-width:1100px;margin:0 auto}
.reports h1{margin:0}.report h2{margin-top:0}
.range-form fieldset{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end;border:0;margin:0;padding:0}
.range-form legend{font-weight:600;margin-bottom:8px}
.range-form label{display:flex;flex-direction:column;gap:4px}
.chart{margin:16px 0}.chart svg{width:100%;height:auto;max-width:760px;display:block}
.chart figcaption{font-weight:600;margin:6px 0}
.table-scroll{overflow-x:auto}
.report-table{border-collapse:collapse;font-size:14px;min-width:320px}
.report-table caption{text-align:start;color:var(--muted);padding:4px 0}
.report-table th,.report-table td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:end}
.report-table th[scope=row],.report-table thead th:first-child{text-align:start}
.csv-links{display:flex;flex-wrap:wrap;gap:12px}
.complaint-warnings{margin:8px 0;padding-inline-start:28px}
.settings{max-width:760px;margin:0 auto}
.settings-form{display:flex;flex-direction:column;gap:16px}
.settings-form fieldset{border:1px solid var(--line);border-radius:8px;padding:12px 16px;display:flex;flex-direction:column;gap:12px}
.settings-form legend{font-weight:600;padding:0 4px}
.settings-field{display:flex;flex-direction:column;gap:4px}
.settings-field input,.settings-field select{max-width:420px}
.settings-field input[aria-invalid=true]{border-color:var(--late);outline:1px solid var(--late)}
.settings-check{display:grid;grid-template-columns:auto 1fr;gap:4px 8px;align-items:center}
.settings-check .hint{grid-column:2}
.hint{margin:0;font-size:14px}
.error-summary{border:2px solid var(--late);border-radius:8px;padding:10px 14px;margin:12px 0}
.error-summary p{margin:0 0 6px;font-weight:600}
@media (max-width:600px){.settings-form fieldset{padding:10px}.report-table{font-size:13px}}
`;
