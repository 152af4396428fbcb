// The memory baseline of the upload benchmark: a bare node:http server that pipes each request body, unparsed, to a
// file in the directory given as its argument, syncs it and answers 200 — the least a Node server that stores an
// upload can do. Run as a child process like the registry.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const directory = process.argv[2];
let count = 0;
const server = createServer((req, res) => {
  const path = join(directory, `sink-${count++}`);
  pipeline(req, createWriteStream(path, { flush: true })).then(
    () => rm(path).then(() => res.end('stored\n')),
    () => res.destroy(),
  );
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
