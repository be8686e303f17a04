// A plain static file server with single byte ranges and keep-alive: node range-server.js DIR PORT
// (PORT 0 picks a free one; the first line printed names the address)
const http = require('http'), fs = require('fs'), path = require('path');
const root = path.resolve(process.argv[2]), port = +process.argv[3];
const server = http.createServer((req, res) => {
  const file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!file.startsWith(root + path.sep)) { res.writeHead(403).end(); return; }
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) { res.writeHead(404, {'Content-Length': 0}).end(); return; }
    const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
    let from = 0, to = st.size - 1, status = 200;
    if (m && (m[1] || m[2])) {
      if (m[1]) { from = +m[1]; if (m[2]) to = Math.min(+m[2], to); } else { from = Math.max(0, st.size - +m[2]); }
      if (from >= st.size) { res.writeHead(416, {'Content-Range': `bytes */${st.size}`, 'Content-Length': 0}).end(); return; }
      status = 206;
    }
    const h = {'Accept-Ranges': 'bytes', 'Content-Length': to - from + 1, 'Content-Type': 'application/octet-stream'};
    if (status === 206) h['Content-Range'] = `bytes ${from}-${to}/${st.size}`;
    res.writeHead(status, h);
    if (req.method === 'HEAD') { res.end(); return; }
    const s = fs.createReadStream(file, {start: from, end: to});
    res.on('close', () => s.destroy());
    s.pipe(res);
  });
});
server.listen(port, '127.0.0.1', () => console.log(`Serving http://127.0.0.1:${server.address().port}/`));
