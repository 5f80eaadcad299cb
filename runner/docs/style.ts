// The site's stylesheet. Colors: Okabe-Ito (color-blind safe) for status and chart series; text meets
// WCAG AA contrast on white.
export const SITE_CSS = `
:root { --fg:#1d2330; --muted:#5b6475; --line:#d9dee7; --bg:#f6f7f9; --accent:#0072B2; --ok:#009E73; --warn:#E69F00; --err:#D55E00; --skip:#999; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:#fff; }
a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
header.top { display:flex; align-items:center; gap:16px; padding:8px 16px; border-bottom:1px solid var(--line); background:var(--bg); position:sticky; top:0; z-index:5; }
header.top .brand { font-weight:700; }
header.top nav a { margin-right:12px; }
header.top nav a.active { font-weight:700; }
header.top input[type=search] { margin-left:auto; width:320px; padding:5px 8px; border:1px solid var(--line); border-radius:4px; }
.layout { display:flex; min-height:calc(100vh - 46px); }
aside.tree { width:280px; flex:none; border-right:1px solid var(--line); padding:8px; overflow:auto; max-height:calc(100vh - 46px); position:sticky; top:46px; }
aside.tree input { width:100%; padding:4px 6px; margin-bottom:6px; border:1px solid var(--line); border-radius:4px; }
aside.tree details { margin-left:4px; } aside.tree summary { cursor:pointer; color:var(--muted); }
aside.tree a { display:block; padding:1px 0 1px 14px; white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
main { flex:1; padding:16px 24px; min-width:0; }
h1 { font-size:22px; margin:4px 0 8px; } h2 { font-size:17px; margin:20px 0 8px; }
.muted { color:var(--muted); }
.badge { display:inline-block; padding:0 6px; border-radius:3px; font-size:12px; border:1px solid var(--line); background:var(--bg); margin-right:4px; }
.status-success,.status-pass { color:#fff; background:var(--ok); border-color:var(--ok); }
.status-warn { color:#000; background:var(--warn); border-color:var(--warn); }
.status-error,.status-fail { color:#fff; background:var(--err); border-color:var(--err); }
.status-skipped { color:#fff; background:var(--skip); }
table { border-collapse:collapse; width:100%; } th,td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:var(--bg); font-weight:600; }
pre.sql { background:#f3f4f6; padding:10px; overflow:auto; max-height:480px; border-radius:4px; font-size:12.5px; }
.tabs button { border:1px solid var(--line); background:#fff; padding:4px 10px; cursor:pointer; } .tabs button.active { background:var(--accent); color:#fff; }
.empty { border:1px dashed var(--line); border-radius:6px; padding:20px; background:var(--bg); margin:12px 0; }
.empty code, code { background:#eef0f3; padding:0 4px; border-radius:3px; }
.cards { display:flex; gap:12px; flex-wrap:wrap; } .card { border:1px solid var(--line); border-radius:6px; padding:10px 14px; min-width:140px; }
.card .n { font-size:22px; font-weight:700; }
.lineage-bar { display:flex; gap:8px; align-items:center; margin-bottom:8px; flex-wrap:wrap; }
.lineage-bar input { width:320px; padding:4px 6px; border:1px solid var(--line); border-radius:4px; }
#lineage-canvas { width:100%; height:calc(100vh - 170px); border:1px solid var(--line); border-radius:4px; background:#fcfcfd; cursor:grab; }
#lineage-canvas.dragging { cursor:grabbing; }
.lineage-node rect { fill:#fff; stroke:#8a94a6; stroke-width:1.2; rx:4; }
.lineage-node.t-source rect { fill:#e8f3fb; } .lineage-node.t-seed rect { fill:#eaf7f1; } .lineage-node.t-model rect { fill:#fff; }
.lineage-node.focus rect { stroke:var(--accent); stroke-width:2.5; }
.lineage-node text { font-size:12px; fill:var(--fg); pointer-events:none; }
.lineage-node { cursor:pointer; }
.lineage-edge { fill:none; stroke:#aab2c0; stroke-width:1.2; }
svg.hovering .lineage-node:not(.hl) { opacity:.25; } svg.hovering .lineage-edge:not(.hl) { opacity:.1; }
.lineage-edge.hl { stroke:var(--accent); stroke-width:2; }
.search-results li { margin:6px 0; list-style:none; } .search-results { padding:0; }
.report-grid { display:grid; grid-template-columns:repeat(auto-fill,minmax(520px,1fr)); gap:16px; }
.panel { border:1px solid var(--line); border-radius:6px; padding:10px 12px; }
.panel h3 { margin:0 0 2px; font-size:15px; } .panel .meta { font-size:12px; color:var(--muted); margin-bottom:6px; }
.chart { width:100%; height:340px; }
.panel.missing { background:var(--bg); }
`;
