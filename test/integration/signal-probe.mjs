// Loaded into the host's process with --import: when the host announces that it
// listens, says how many SIGTERM handlers it has at that moment. A stop signal may
// arrive as soon as the line is out, so there must be one already.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (String(chunk).includes('"event":"listening"'))
    write(`${JSON.stringify({ probe: 'sigterm', handlers: process.listenerCount('SIGTERM') })}\n`);
  return write(chunk, ...rest);
};
