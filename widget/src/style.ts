/** Everything lives in the shadow root: `all: initial` keeps the host page's CSS out. */
export const STYLE = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:15px;line-height:1.4}
.launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:var(--accent);color:#fff;cursor:pointer;box-shadow:0 4px 14px #0004;z-index:2147483646}
.launcher svg{width:26px;height:26px;vertical-align:middle}
.panel{background:#fff;color:#1f2937;border:1px solid #d1d5db;border-radius:12px;display:flex;flex-direction:column;overflow:hidden}
.float{position:fixed;right:20px;bottom:88px;width:min(380px,calc(100vw - 24px));max-height:min(640px,calc(100vh - 110px));box-shadow:0 8px 30px #0003;z-index:2147483647}
@media (max-width:480px){.float{right:12px;bottom:80px}}
header{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;background:var(--accent);color:#fff}
h2{margin:0;font-size:17px;font-weight:600}
.body{padding:12px 14px;overflow:auto;display:flex;flex-direction:column;gap:10px}
[hidden]{display:none!important}
[role=tablist]{display:flex;gap:6px}
[role=tab]{flex:1;padding:8px;border:1px solid #d1d5db;background:#fff;color:#1f2937;border-radius:8px;cursor:pointer}
[role=tab][aria-selected=true]{border-color:var(--accent);box-shadow:inset 0 -3px 0 var(--accent);font-weight:600}
button,input,select{color:inherit}
button:focus-visible,input:focus-visible,select:focus-visible,a:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
.log{display:flex;flex-direction:column;gap:6px;min-height:120px;max-height:260px;overflow:auto}
.msg{padding:8px 10px;border-radius:10px;max-width:85%;white-space:pre-wrap;overflow-wrap:anywhere}
.user{align-self:flex-end;background:var(--accent);color:#fff}
.assistant{align-self:flex-start;background:#f3f4f6}
.muted{color:#4b5563;font-size:13px;margin:0}
form{display:flex;flex-direction:column;gap:8px;margin:0}
.row{display:flex;gap:6px}
.row input{flex:1}
label{display:flex;flex-direction:column;gap:3px;font-weight:500}
input,select{padding:8px;border:1px solid #6b7280;border-radius:6px;background:#fff;font-weight:400}
.primary{padding:9px 14px;border:0;border-radius:8px;background:var(--accent);color:#fff;font-weight:600;cursor:pointer;text-decoration:none;text-align:center}
.primary:disabled{opacity:.6;cursor:default}
.ghost{background:none;border:1px solid currentColor;border-radius:6px;padding:4px 10px;cursor:pointer}
fieldset{border:1px solid #d1d5db;border-radius:8px;padding:6px 8px;margin:0}
legend{font-weight:500;padding:0 4px}
.nav{display:flex;align-items:center;justify-content:space-between;margin-bottom:4px}
.grid{display:grid;grid-template-columns:repeat(7,1fr);gap:3px}
.grid span{text-align:center;font-size:12px;color:#4b5563}
.day{padding:6px 0;border:1px solid #d1d5db;border-radius:6px;background:#fff;cursor:pointer}
.day:disabled{background:#f3f4f6;color:#6b7280;text-decoration:line-through;cursor:default}
.day[aria-pressed=true]{background:var(--accent);color:#fff;border-color:var(--accent)}
.alert{background:#fef2f2;color:#991b1b;border:1px solid #fca5a5;border-radius:8px;padding:8px 10px;display:flex;gap:8px;align-items:center;justify-content:space-between}
.card{border:2px solid var(--accent);border-radius:10px;padding:10px 12px;display:flex;flex-direction:column;gap:8px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:0}
dt{color:#4b5563}dd{margin:0;overflow-wrap:anywhere}
.status{font-weight:600;margin:0}
`;
